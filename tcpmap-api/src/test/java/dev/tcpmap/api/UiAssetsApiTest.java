package dev.tcpmap.api;

import static dev.tcpmap.api.ApiFixtures.get;
import static dev.tcpmap.api.ApiFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.RawHttp.Reply;
import dev.tcpmap.api.http.HttpLimits;
import dev.tcpmap.api.wire.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The web UI's files through a real server: caching, validators, gzip, HEAD, and what is not. */
class UiAssetsApiTest {
  private static ApiServer server;
  private static String version;

  @BeforeAll
  static void start() {
    server =
        TestServers.start(HttpLimits.DEFAULTS, () -> ApiFixtures.SNAPSHOT, TestServers.UI_FIXTURE);
    String page = new String(get(server, "/ui/").body(), StandardCharsets.UTF_8);
    Matcher versioned = Pattern.compile("src=\"assets/([0-9a-f]{16})/app.js\"").matcher(page);
    assertThat(versioned.find()).as("a versioned script in %s", page).isTrue();
    version = versioned.group(1);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void entryPage_isRevalidatedWithAnETag() {
    HttpResponse<byte[]> page = get(server, "/ui/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    String etag = page.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).matches("\"[0-9a-f]{20}\"");

    HttpResponse<byte[]> again = get(server, "/ui/", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).hasValue(etag);
    assertThat(get(server, "/ui/index.html", "If-None-Match", "\"other\"").statusCode())
        .isEqualTo(200);
  }

  @Test
  void versionedAsset_isImmutable() {
    HttpResponse<byte[]> app = get(server, "/ui/assets/" + version + "/app.js");

    assertThat(app.statusCode()).isEqualTo(200);
    assertThat(app.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(app.headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=31536000, immutable");
    assertThat(
            get(server, "/ui/assets/0000000000000000/app.js").headers().firstValue("Cache-Control"))
        .hasValue("no-cache");
  }

  @Test
  void gzip_whenAccepted_withItsOwnETag() throws IOException {
    String path = "/ui/assets/" + version + "/style.css";
    HttpResponse<byte[]> plain = get(server, path);
    HttpResponse<byte[]> zipped = get(server, path, "Accept-Encoding", "gzip");

    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(zipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes())
        .isEqualTo(plain.body());
    String plainTag = plain.headers().firstValue("ETag").orElseThrow();
    String zippedTag = zipped.headers().firstValue("ETag").orElseThrow();
    assertThat(zippedTag).isEqualTo(plainTag.replaceFirst("\"$", "-gzip\""));
    assertThat(get(server, path, "If-None-Match", zippedTag).statusCode()).isEqualTo(304);
  }

  @Test
  void image_isNeverGzipped() {
    HttpResponse<byte[]> png =
        get(server, "/ui/assets/" + version + "/logo.png", "Accept-Encoding", "gzip");

    assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(png.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(png.headers().firstValue("Vary")).isEmpty();
  }

  @Test
  void head_hasTheHeadersAndLengthButNoBody() {
    HttpResponse<byte[]> full = get(server, "/ui/favicon.svg");
    HttpResponse<byte[]> head = send(server, "HEAD", "/ui/favicon.svg");

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
    assertThat(head.headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(full.body().length));
  }

  @Test
  void missingFile_is404Json() throws IOException {
    HttpResponse<byte[]> missing = get(server, "/ui/assets/" + version + "/nothing.js");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = Json.mapper().readTree(missing.body());
    assertThat(body.get("error").asText()).startsWith("no such file: /ui/assets/");
  }

  @ParameterizedTest
  @CsvSource({
    "/ui/../tcpmap-api.jar, 400",
    "/ui/assets/x/../../index.html, 400",
    "/ui/%2e%2e/index.html, 400",
    "/ui//etc/passwd, 400",
    "/ui/assets%2f..%2findex.html, 400",
    "/ui/.hidden, 404",
    "/ui/assets, 404",
    "/ui/assets/, 404",
    "/ui/index.html/, 404",
    "/ui/assets/{v}/style.css.gz, 404",
    "/ui/ui-fixture/index.html, 404",
    "/ui, 404",
  })
  void pathOutsideTheFiles_isRefusedWithJson(String path, int status) throws IOException {
    Reply reply =
        RawHttp.exchange(
            server.port(),
            "GET "
                + path.replace("{v}", version)
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            Duration.ofSeconds(10));

    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).isEqualTo("application/json");
    assertThat(Json.mapper().readTree(reply.body()).get("error").asText()).isNotBlank();
  }

  @Test
  void options_underThePrefix_isAPreflight() {
    assertThat(send(server, "OPTIONS", "/ui/index.html").statusCode()).isEqualTo(204);
  }

  @Test
  void root_isTheEntryPage() {
    HttpResponse<byte[]> root = get(server, "/");
    HttpResponse<byte[]> ui = get(server, "/ui/");

    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(root.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(root.body()).isEqualTo(ui.body());
  }

  @Test
  void library_fromItsWebJar_isImmutableAndGzipped() throws IOException {
    String path = "/ui/lib/cytoscape/3.33.1/dist/cytoscape.min.js";
    HttpResponse<byte[]> plain = get(server, path);
    HttpResponse<byte[]> zipped = get(server, path, "Accept-Encoding", "gzip");

    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(plain.headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=31536000, immutable");
    assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(zipped.body().length).isLessThan(plain.body().length / 2);
    assertThat(new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes())
        .isEqualTo(plain.body());
    assertThat(
            get(server, path, "If-None-Match", plain.headers().firstValue("ETag").orElseThrow())
                .statusCode())
        .isEqualTo(304);
  }

  @ParameterizedTest
  @CsvSource({
    "/ui/lib/cytoscape/3.33.1/nothing.js",
    "/ui/lib/cytoscape/0.0.1/dist/cytoscape.min.js",
    "/ui/lib/jackson-core/2.22.4/package.json",
    "/ui/lib/cytoscape",
    "/ui/lib/",
  })
  void library_unknownFile_is404(String path) {
    assertThat(get(server, path).statusCode()).isEqualTo(404);
  }

  @Test
  void about_saysWhetherStatusIsServed() throws IOException {
    JsonNode about = Json.mapper().readTree(get(server, "/api/v1/about").body());

    assertThat(about.get("status").asBoolean()).isFalse();
    assertThat(about.get("groups").toString()).isEqualTo("[\"pod\",\"workload\",\"namespace\"]");
    assertThat(get(server, "/api/v1/status").statusCode()).isEqualTo(404);
  }
}
