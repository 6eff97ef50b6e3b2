package dev.tcpmap.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Routing for GET endpoints: exact paths, as Go's {@code http.ServeMux} matches k8spacket's
 * patterns (no trailing-slash or prefix matching), paths ending in one {@code {id}} segment
 * (k8spacket's {@code /tlsparser/api/data/{id}}), and prefixes ending in {@code /} that take every
 * path below them (a web UI's files), only where no exact path or {@code {id}} pattern matches; the
 * longest prefix wins. Built once, then read-only.
 */
final class Router {
  private static final String ID = "{id}";

  private final Map<String, Route> routes = new LinkedHashMap<>();
  private final Map<String, IdRoute> idRoutes = new LinkedHashMap<>();
  private final NavigableMap<String, PrefixRoute> prefixRoutes = new TreeMap<>();

  /** An endpoint whose last path segment is a parameter. */
  @FunctionalInterface
  interface IdRoute {
    /**
     * The answer of a 200 for {@code id}, the last path segment as sent (not empty, no {@code /}).
     */
    Answer handle(String id, QueryParams params);
  }

  /** Every path below a prefix. */
  @FunctionalInterface
  interface PrefixRoute {
    /**
     * The answer for {@code rest}, the path after the prefix as sent (decoded; may be empty or hold
     * {@code /}).
     */
    Answer handle(String rest, QueryParams params);
  }

  Router get(String path, Route route) {
    if (path.contains(ID) || routes.putIfAbsent(path, route) != null) {
      throw new IllegalArgumentException("route registered twice: " + path);
    }
    return this;
  }

  /** Registers {@code pattern}, which ends in {@code /{id}} (and has no other parameter). */
  Router get(String pattern, IdRoute route) {
    if (!pattern.endsWith("/" + ID) || pattern.indexOf(ID) != pattern.length() - ID.length()) {
      throw new IllegalArgumentException("pattern must end in /" + ID + ": " + pattern);
    }
    String prefix = pattern.substring(0, pattern.length() - ID.length());
    if (idRoutes.putIfAbsent(prefix, route) != null) {
      throw new IllegalArgumentException("route registered twice: " + pattern);
    }
    return this;
  }

  /** Registers {@code prefix}, which starts and ends with {@code /}, for every path below it. */
  Router prefix(String prefix, PrefixRoute route) {
    if (!prefix.startsWith("/") || !prefix.endsWith("/") || prefix.contains(ID)) {
      throw new IllegalArgumentException("prefix must start and end with /: " + prefix);
    }
    if (prefixRoutes.putIfAbsent(prefix, route) != null) {
      throw new IllegalArgumentException("route registered twice: " + prefix);
    }
    return this;
  }

  static ApiException notFound(String path) {
    String shown = path.length() > 200 ? path.substring(0, 200) + "…" : path;
    return new ApiException(404, "no such endpoint: " + shown);
  }

  boolean knows(String path) {
    return lookup(path) != null;
  }

  /**
   * The route for a GET or HEAD of {@code path}; an exact path wins over an {@code {id}} pattern
   * ({@code /tlsparser/connections/} is the list, {@code /tlsparser/connections/ab12} one entry),
   * both over a prefix.
   *
   * @throws ApiException 404 for an unknown path, 405 for another method on a known one
   */
  Route find(String method, String path) {
    Route route = lookup(path);
    if (route == null) {
      throw notFound(path);
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw new ApiException(405, "method " + method + " not allowed; use GET");
    }
    return route;
  }

  private Route lookup(String path) {
    Route exact = routes.get(path);
    if (exact != null) {
      return exact;
    }
    int slash = path.lastIndexOf('/');
    String id = path.substring(slash + 1);
    IdRoute route = idRoutes.get(path.substring(0, slash + 1));
    if (route != null && !id.isEmpty()) {
      return params -> route.handle(id, params);
    }
    return underPrefix(path);
  }

  private Route underPrefix(String path) {
    // A prefix sorts before the paths it holds, a longer one after a shorter one: going down from
    // path, the first prefix of it is the longest.
    for (Map.Entry<String, PrefixRoute> entry :
        prefixRoutes.headMap(path, true).descendingMap().entrySet()) {
      if (path.startsWith(entry.getKey())) {
        String rest = path.substring(entry.getKey().length());
        PrefixRoute route = entry.getValue();
        return params -> route.handle(rest, params);
      }
    }
    return null;
  }
}
