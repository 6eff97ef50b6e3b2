package dev.tcpmap.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Routing for GET endpoints: exact paths, as Go's {@code http.ServeMux} matches k8spacket's
 * patterns (no trailing-slash or prefix matching), and paths ending in one {@code {id}} segment
 * (k8spacket's {@code /tlsparser/api/data/{id}}). Built once, then read-only.
 */
final class Router {
  /** The methods every route accepts; OPTIONS is answered as a CORS preflight. */
  static final String ALLOWED_METHODS = "GET, HEAD, OPTIONS";

  private static final String ID = "{id}";

  private final Map<String, Route> routes = new LinkedHashMap<>();
  private final Map<String, IdRoute> idRoutes = new LinkedHashMap<>();

  /** An endpoint whose last path segment is a parameter. */
  @FunctionalInterface
  interface IdRoute {
    /**
     * The answer of a 200 for {@code id}, the last path segment as sent (not empty, no {@code /}).
     */
    Answer handle(String id, QueryParams params);
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

  static ApiException notFound(String path) {
    String shown = path.length() > 200 ? path.substring(0, 200) + "…" : path;
    return new ApiException(404, "no such endpoint: " + shown);
  }

  boolean knows(String path) {
    return lookup(path) != null;
  }

  /**
   * The route for a GET or HEAD of {@code path}; an exact path wins over an {@code {id}} pattern
   * ({@code /tlsparser/connections/} is the list, {@code /tlsparser/connections/ab12} one entry).
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
    if (route == null || id.isEmpty()) {
      return null;
    }
    return params -> route.handle(id, params);
  }
}
