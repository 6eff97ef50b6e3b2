package dev.tcpmap.api.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A web UI's files from the class path, below a resource root (a directory or a jar's folder):
 *
 * <pre>
 * root/index.html          →  PREFIX            and PREFIX index.html   no-cache, ETag, 304
 * root/favicon.svg         →  PREFIX favicon.svg                         no-cache, ETag, 304
 * root/assets/app.js       →  PREFIX assets/VERSION/app.js               a year, immutable
 * root/assets/lib/x.mjs    →  PREFIX assets/VERSION/lib/x.mjs            a year, immutable
 * root/assets/app.js.gz    →  (app.js's gzip encoding, not a file of its own)
 * </pre>
 *
 * <p>{@code VERSION} is a hash of every file under the root: any change makes new URLs, so a file
 * under {@code assets/} can be cached for a year. An entry page ({@code .html} outside {@code
 * assets/}) refers to them as {@code "assets/...} or {@code "./assets/...}: those references get
 * the version when the page is loaded, and relative imports between modules keep working under the
 * versioned folder. A URL with another version (a page from before an upgrade) still gets the
 * current file, but only with {@code no-cache}.
 *
 * <p>Every file is read, hashed and gzipped once, at the first request (no cost at start-up without
 * a UI), and kept in memory (at most {@value #MAX_TOTAL_BYTES} bytes). Only files found under the
 * root are served: a path with an empty, {@code .} or {@code ..} segment, a backslash, an absolute
 * path or a hidden file is not one of them, whatever the class loader would do with it.
 * Thread-safe.
 */
public final class StaticAssets {
  /** A versioned URL: never changes (RFC 8246). */
  public static final String CACHE_IMMUTABLE = "public, max-age=31536000, immutable";

  /** Anything else: may be kept, but asked for again with {@code If-None-Match} before use. */
  public static final String CACHE_REVALIDATE = "no-cache";

  static final String ENTRY = "index.html";
  static final String ASSETS = "assets/";
  static final long MAX_TOTAL_BYTES = 64L * 1024 * 1024;

  /** A file or folder name: no hidden files, no separators, nothing that needs escaping. */
  private static final Pattern SEGMENT =
      Pattern.compile("[A-Za-z0-9_~@+-][A-Za-z0-9._~@+-]{0,127}");

  private static final Pattern ASSET_REFERENCE = Pattern.compile("([\"'])(\\./)?assets/");
  private static final int MIN_GZIP_BYTES = 256;

  private final ClassLoader loader;
  private final String root;
  private volatile Catalog catalog;

  /**
   * @param root the resource root on {@code loader}'s class path, e.g. {@code dev/tcpmap/ui}; it
   *     holds the files when it holds {@value #ENTRY}, else nothing is served
   */
  public StaticAssets(ClassLoader loader, String root) {
    this.loader = loader;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  /** The files loaded once, and the version of their URLs. */
  private record Catalog(Map<String, Asset> files, String version) {}

  /** The version in the URLs of the files under {@code assets/}; empty without files. */
  public String version() {
    return catalog().version();
  }

  /**
   * The file for {@code path}, the decoded request path after the prefix: {@code ""} is the entry
   * page. Empty for anything that is not a file of the root.
   */
  public Optional<Asset> find(String path) {
    Catalog files = catalog();
    String name = path.isEmpty() ? ENTRY : path;
    if (!wellFormed(name)) {
      return Optional.empty();
    }
    if (!name.startsWith(ASSETS)) {
      return Optional.ofNullable(files.files().get(name))
          .map(asset -> asset.withCacheControl(CACHE_REVALIDATE));
    }
    String versioned = name.substring(ASSETS.length());
    int slash = versioned.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    String cache =
        versioned.substring(0, slash).equals(files.version()) ? CACHE_IMMUTABLE : CACHE_REVALIDATE;
    return Optional.ofNullable(files.files().get(ASSETS + versioned.substring(slash + 1)))
        .map(asset -> asset.withCacheControl(cache));
  }

  static boolean wellFormed(String path) {
    if (path.length() > 1024) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches()) {
        return false;
      }
    }
    return true;
  }

  private Catalog catalog() {
    Catalog loaded = catalog;
    if (loaded == null) {
      synchronized (this) {
        loaded = catalog;
        if (loaded == null) {
          loaded = load();
          catalog = loaded;
        }
      }
    }
    return loaded;
  }

  private Catalog load() {
    URL entry = loader.getResource(root + "/" + ENTRY);
    if (entry == null) {
      return new Catalog(Map.of(), "");
    }
    Map<String, byte[]> raw = read(entry);
    String version = hash(raw).substring(0, 16);
    Map<String, Asset> files = new HashMap<>();
    raw.forEach(
        (name, bytes) -> {
          if (!name.endsWith(".gz")) {
            files.put(name, asset(name, bytes, raw.get(name + ".gz"), version));
          }
        });
    return new Catalog(Map.copyOf(files), version);
  }

  private static Asset asset(String name, byte[] file, byte[] preCompressed, String version) {
    byte[] bytes = file;
    byte[] gzip = preCompressed;
    if (name.endsWith(".html") && !name.startsWith(ASSETS)) {
      String page = new String(file, StandardCharsets.UTF_8);
      String versioned = ASSET_REFERENCE.matcher(page).replaceAll("$1$2assets/" + version + "/");
      bytes = versioned.getBytes(StandardCharsets.UTF_8);
      gzip = null; // a .gz beside it has the references unversioned
    }
    if (gzip == null && MediaTypes.compressible(name) && bytes.length >= MIN_GZIP_BYTES) {
      byte[] compressed = Gzip.compress(bytes);
      gzip = compressed.length < bytes.length ? compressed : null;
    }
    String tag = hash(Map.of(name, bytes)).substring(0, 20);
    return new Asset(name, MediaTypes.of(name), bytes, gzip, tag, CACHE_REVALIDATE);
  }

  /** Every regular file under the entry's folder, by path relative to it. */
  private Map<String, byte[]> read(URL entry) {
    URI uri;
    try {
      uri = entry.toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("not a URI: " + entry, e);
    }
    try {
      if (uri.getScheme().equals("jar")) {
        return readJar(uri);
      }
      return readFolder(Path.of(uri).getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the UI's files at " + uri, e);
    }
  }

  private Map<String, byte[]> readJar(URI uri) throws IOException {
    FileSystem jar;
    boolean opened = false;
    try {
      jar = FileSystems.newFileSystem(uri, Map.of());
      opened = true;
    } catch (FileSystemAlreadyExistsException e) {
      jar = FileSystems.getFileSystem(uri);
    }
    try {
      return readFolder(jar.provider().getPath(uri).getParent());
    } finally {
      if (opened) {
        jar.close();
      }
    }
  }

  private Map<String, byte[]> readFolder(Path folder) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    long total = 0;
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path file : (Iterable<Path>) paths::iterator) {
        String name = folder.relativize(file).toString().replace('\\', '/');
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !wellFormed(name)) {
          continue; // folders, links and names no URL can reach
        }
        byte[] bytes = Files.readAllBytes(file);
        total += bytes.length;
        if (total > MAX_TOTAL_BYTES) {
          throw new IOException("more than " + MAX_TOTAL_BYTES + " bytes under " + root);
        }
        files.put(name, bytes);
      }
    }
    return files;
  }

  /** SHA-256 over the lengths, names and contents, in name order, as hex. */
  private static String hash(Map<String, byte[]> files) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
      byte[] name = file.getKey().getBytes(StandardCharsets.UTF_8);
      sha.update(ByteBuffer.allocate(8).putInt(name.length).putInt(file.getValue().length).flip());
      sha.update(name);
      sha.update(file.getValue());
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
