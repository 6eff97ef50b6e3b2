package dev.tcpmap.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The test UI under {@code src/test/resources/ui-fixture}, and folders and jars made here. */
class StaticAssetsTest {
  private static final List<String> FILES =
      List.of(
          "index.html",
          "favicon.svg",
          "assets/app.js",
          "assets/lib/graph.mjs",
          "assets/style.css",
          "assets/style.css.gz",
          "assets/logo.png",
          "assets/empty.json");

  private final StaticAssets assets =
      new StaticAssets(StaticAssetsTest.class.getClassLoader(), "ui-fixture");

  private String text(Asset asset) {
    return new String(asset.bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void find_empty_isTheEntryPageWithVersionedReferences() {
    Asset page = assets.find("").orElseThrow();
    String version = assets.version();

    assertThat(page.path()).isEqualTo("index.html");
    assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
    assertThat(page.cacheControl()).isEqualTo("no-cache");
    assertThat(version).matches("[0-9a-f]{16}");
    assertThat(text(page))
        .contains("src=\"assets/" + version + "/app.js\"")
        .contains("href=\"./assets/" + version + "/style.css\"")
        .contains("href=\"favicon.svg\"");
    assertThat(assets.find("index.html").orElseThrow().bytes()).isEqualTo(page.bytes());
  }

  @Test
  void find_versionedAsset_isImmutable() {
    Asset app = assets.find("assets/" + assets.version() + "/app.js").orElseThrow();

    assertThat(app.contentType()).isEqualTo("text/javascript; charset=utf-8");
    assertThat(app.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
    assertThat(text(app)).contains("import { drawGraph } from \"./lib/graph.mjs\"");
    assertThat(assets.find("assets/" + assets.version() + "/lib/graph.mjs").orElseThrow().path())
        .isEqualTo("assets/lib/graph.mjs");
  }

  @Test
  void find_otherVersion_isServedButRevalidated() {
    Asset app = assets.find("assets/0123456789abcdef/app.js").orElseThrow();

    assertThat(app.cacheControl()).isEqualTo("no-cache");
    assertThat(app.bytes())
        .isEqualTo(assets.find("assets/" + assets.version() + "/app.js").orElseThrow().bytes());
  }

  @Test
  void find_contentTypesByExtension() {
    String v = "assets/" + assets.version() + "/";
    assertThat(assets.find(v + "lib/graph.mjs").orElseThrow().contentType())
        .isEqualTo("text/javascript; charset=utf-8");
    assertThat(assets.find(v + "style.css").orElseThrow().contentType())
        .isEqualTo("text/css; charset=utf-8");
    assertThat(assets.find(v + "logo.png").orElseThrow().contentType()).isEqualTo("image/png");
    assertThat(assets.find(v + "empty.json").orElseThrow().contentType())
        .isEqualTo("application/json");
    assertThat(assets.find("favicon.svg").orElseThrow().contentType()).isEqualTo("image/svg+xml");
  }

  @Test
  void find_gzip_precompressedOrOnce_neverForImagesOrTinyFiles() throws IOException {
    String v = "assets/" + assets.version() + "/";
    Asset css = assets.find(v + "style.css").orElseThrow();
    Asset app = assets.find(v + "app.js").orElseThrow();

    try (InputStream gz = resource("ui-fixture/assets/style.css.gz")) {
      assertThat(css.gzip()).isEqualTo(gz.readAllBytes());
    }
    assertThat(gunzip(app.gzip())).isEqualTo(app.bytes());
    assertThat(gunzip(assets.find("").orElseThrow().gzip()))
        .isEqualTo(assets.find("").orElseThrow().bytes());
    assertThat(assets.find(v + "logo.png").orElseThrow().gzip()).isNull();
    assertThat(assets.find(v + "empty.json").orElseThrow().gzip()).isNull();
    assertThat(assets.find(v + "style.css.gz")).isEmpty();
  }

  /** Paths no file of the root has; {v} is the current version. */
  static Stream<String> outsideTheRoot() {
    return Stream.of(
        "..",
        "../ui-fixture/index.html",
        "assets/x/../../index.html",
        "assets/{v}/../app.js",
        "/index.html",
        "//index.html",
        "assets//{v}/app.js",
        "index.html/",
        "assets",
        "assets/",
        "assets/app.js",
        "assets/{v}",
        "assets/{v}/",
        "assets/{v}/lib",
        ".hidden",
        "./index.html",
        "assets\\{v}\\app.js",
        "%2e%2e/index.html",
        "index.html%00",
        "C:/windows/win.ini",
        "nothing.html",
        "a".repeat(2000));
  }

  @ParameterizedTest
  @MethodSource("outsideTheRoot")
  void find_pathOutsideTheFiles_isEmpty(String path) {
    assertThat(assets.find(path.replace("{v}", assets.version()))).isEmpty();
  }

  @Test
  void noEntryPage_servesNothing() {
    StaticAssets none = new StaticAssets(StaticAssetsTest.class.getClassLoader(), "golden");

    assertThat(none.find("")).isEmpty();
    assertThat(none.find("native-graph.json")).isEmpty();
    assertThat(none.version()).isEmpty();
  }

  @Test
  void version_followsTheContents(@TempDir Path dir) throws IOException {
    Path folder = copyFixture(dir.resolve("classes"));
    String before = folderAssets(dir.resolve("classes")).version();

    Files.writeString(folder.resolve("assets/lib/graph.mjs"), "export const changed = 1;\n");

    assertThat(folderAssets(dir.resolve("classes")).version())
        .isNotEqualTo(before)
        .matches("[0-9a-f]{16}");
    assertThat(before).isEqualTo(assets.version());
  }

  @Test
  void jar_servesTheSameFilesAsAFolder(@TempDir Path dir) throws IOException {
    Path jar = dir.resolve("ui.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String file : FILES) {
        out.putNextEntry(new JarEntry("dev/tcpmap/ui/" + file));
        try (InputStream in = resource("ui-fixture/" + file)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      StaticAssets inJar = new StaticAssets(loader, "dev/tcpmap/ui/");

      assertThat(inJar.version()).isEqualTo(assets.version());
      assertThat(inJar.find("").orElseThrow().bytes())
          .isEqualTo(assets.find("").orElseThrow().bytes());
      assertThat(inJar.find("assets/" + inJar.version() + "/style.css").orElseThrow().gzip())
          .isNotNull();
      assertThat(inJar.find("assets/../index.html")).isEmpty();
    }
  }

  private static StaticAssets folderAssets(Path classes) throws IOException {
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
    StaticAssets folder = new StaticAssets(loader, "ui");
    folder.version(); // loads everything; the loader is not needed after
    loader.close();
    return folder;
  }

  private static Path copyFixture(Path classes) throws IOException {
    Path folder = classes.resolve("ui");
    for (String file : FILES) {
      Path target = folder.resolve(file);
      Files.createDirectories(target.getParent());
      try (InputStream in = resource("ui-fixture/" + file);
          OutputStream out = Files.newOutputStream(target)) {
        in.transferTo(out);
      }
    }
    return folder;
  }

  private static InputStream resource(String name) {
    InputStream in = StaticAssetsTest.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new UncheckedIOException(new IOException("no test resource " + name));
    }
    return in;
  }

  private static byte[] gunzip(byte[] gzip) throws IOException {
    return new GZIPInputStream(new ByteArrayInputStream(gzip)).readAllBytes();
  }
}
