package dev.tcpmap.api.http;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Content types of a web UI's files, by extension (text types in UTF-8). */
final class MediaTypes {
  static final String UNKNOWN = "application/octet-stream";

  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("html", "text/html; charset=utf-8"),
          // RFC 9239: text/javascript for scripts and modules alike
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("mjs", "text/javascript; charset=utf-8"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("map", "application/json"),
          Map.entry("webmanifest", "application/manifest+json"),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"),
          Map.entry("ico", "image/vnd.microsoft.icon"),
          Map.entry("woff", "font/woff"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("wasm", "application/wasm"));

  /** Already compressed: gzip would only cost time. */
  private static final Set<String> COMPRESSED =
      Set.of("png", "jpg", "jpeg", "gif", "webp", "woff", "woff2");

  private MediaTypes() {}

  /** The content type of {@code name} by its extension, {@link #UNKNOWN} without a known one. */
  static String of(String name) {
    return BY_EXTENSION.getOrDefault(extension(name), UNKNOWN);
  }

  /** Whether gzip can make {@code name} smaller (not an image or font format of its own). */
  static boolean compressible(String name) {
    return !COMPRESSED.contains(extension(name));
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    int slash = name.lastIndexOf('/');
    return dot > slash ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }
}
