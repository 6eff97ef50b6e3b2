package dev.tcpmap.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Files of the libraries a web UI uses, from their WebJars on the class path:
 *
 * <pre>
 * PREFIX cytoscape/3.33.1/dist/cytoscape.min.js
 *   →  META-INF/resources/webjars/cytoscape/3.33.1/dist/cytoscape.min.js   a year, immutable
 * </pre>
 *
 * <p>The library's version is part of the URL, so a file may be cached for a year: a new version is
 * a new URL. Only the named libraries are served (a WebJar of a test dependency is not), and only
 * paths {@link StaticAssets#wellFormed} accepts. A file is read, hashed and gzipped at its first
 * request and kept (a few files of at most a few hundred KB). Thread-safe.
 */
public final class WebJars {
  private static final String ROOT = "META-INF/resources/webjars/";
  private static final int MIN_GZIP_BYTES = 256;

  private final ClassLoader loader;
  private final Set<String> libraries;
  private final ConcurrentMap<String, Optional<Asset>> files = new ConcurrentHashMap<>();

  /**
   * @param libraries the WebJar names that may be served, e.g. {@code cytoscape}
   */
  public WebJars(ClassLoader loader, Set<String> libraries) {
    this.loader = loader;
    this.libraries = Set.copyOf(libraries);
  }

  /**
   * The file at {@code path} ({@code NAME/VERSION/FILE}, as after the prefix), or empty when it is
   * not a file of a named library.
   */
  public Optional<Asset> find(String path) {
    if (!StaticAssets.wellFormed(path)) {
      return Optional.empty();
    }
    String[] parts = path.split("/", 3);
    if (parts.length < 3 || !libraries.contains(parts[0])) {
      return Optional.empty();
    }
    return files.computeIfAbsent(path, this::load);
  }

  private Optional<Asset> load(String path) {
    try (InputStream in = loader.getResourceAsStream(ROOT + path)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      byte[] gzip = null;
      if (MediaTypes.compressible(path) && bytes.length >= MIN_GZIP_BYTES) {
        byte[] compressed = Gzip.compress(bytes);
        gzip = compressed.length < bytes.length ? compressed : null;
      }
      return Optional.of(
          new Asset(
              path, MediaTypes.of(path), bytes, gzip, sha256(bytes), StaticAssets.CACHE_IMMUTABLE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ROOT + path, e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
          .substring(0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
