package dev.tcpmap.api.http;

import dev.tcpmap.core.model.Checks;
import java.util.List;

/**
 * One file of a web UI as served ({@link StaticAssets}). Immutable; the arrays are never changed.
 *
 * @param path the file's path under the resource root, e.g. {@code assets/app.js}
 * @param contentType by the file's extension
 * @param bytes the file (for an entry page: with its asset URLs versioned)
 * @param gzip the bytes gzipped (a {@code .gz} file beside it, or compressed once), or null when
 *     gzip would not make them smaller
 * @param tag the validator's opaque part: a hash of {@code bytes}
 * @param cacheControl how long a client may keep it: a year for a versioned URL, else revalidate
 */
public record Asset(
    String path, String contentType, byte[] bytes, byte[] gzip, String tag, String cacheControl) {

  public Asset {
    Checks.nonNull(
        "path contentType bytes tag cacheControl", path, contentType, bytes, tag, cacheControl);
  }

  /**
   * The strong {@code ETag} of one encoding: each encoding is a representation of its own (RFC 9110
   * §8.8.3), so the gzipped one has {@code -gzip} in its tag.
   */
  public String etag(boolean gzipped) {
    return gzipped ? "\"" + tag + "-gzip\"" : "\"" + tag + "\"";
  }

  /**
   * Whether {@code If-None-Match} values name this file in either encoding (or are {@code *}): the
   * answer is then a 304. Compared weakly, as RFC 9110 §13.1.2 asks.
   */
  public boolean notModified(List<String> ifNoneMatch) {
    for (String field : ifNoneMatch) {
      for (String candidate : field.split(",")) {
        String etag = candidate.trim();
        if (etag.startsWith("W/")) {
          etag = etag.substring(2);
        }
        if (etag.equals("*") || etag.equals(etag(false)) || etag.equals(etag(true))) {
          return true;
        }
      }
    }
    return false;
  }

  Asset withCacheControl(String newCacheControl) {
    return new Asset(path, contentType, bytes, gzip, tag, newCacheControl);
  }
}
