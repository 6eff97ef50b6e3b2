package dev.tcpmap.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The decoded query string of one request. As Go's {@code url.ParseQuery}, which k8spacket uses,
 * {@code +} is a space, a name without {@code =} has the empty value, and when a name repeats the
 * first value counts; only {@code &} separates pairs (Go 1.17 on). Unknown names are kept but never
 * looked at: Grafana adds its own.
 *
 * <p>Limits (each answered with a 400, never a hang): the raw query at most {@value #MAX_QUERY}
 * characters, each decoded value at most {@value #MAX_VALUE}. A malformed percent escape is a 400
 * (Go would silently drop the pair).
 */
final class QueryParams {
  static final int MAX_QUERY = 64 * 1024;
  static final int MAX_VALUE = 4 * 1024;

  private final Map<String, String> first;

  private QueryParams(Map<String, String> first) {
    this.first = first;
  }

  static QueryParams parse(String rawQuery) {
    Map<String, String> first = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return new QueryParams(first);
    }
    if (rawQuery.length() > MAX_QUERY) {
      throw ApiException.badRequest(
          "query string longer than " + MAX_QUERY + " characters: " + rawQuery.length());
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (value.length() > MAX_VALUE) {
        throw ApiException.badRequest(
            name + ": longer than " + MAX_VALUE + " characters: " + value.length());
      }
      first.putIfAbsent(name, value);
    }
    return new QueryParams(first);
  }

  /** The first value of {@code name}, or null when absent. */
  String get(String name) {
    return first.get(name);
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
      throw ApiException.badRequest(
          "malformed query string: bad percent escape in '" + shown + "'");
    }
  }
}
