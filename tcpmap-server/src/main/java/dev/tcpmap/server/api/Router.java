package dev.tcpmap.server.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exact-path routing for GET endpoints, as Go's {@code http.ServeMux} matches k8spacket's patterns
 * (no trailing-slash or prefix matching). Built once, then read-only.
 */
final class Router {
  /** The methods every route accepts; OPTIONS is answered as a CORS preflight. */
  static final String ALLOWED_METHODS = "GET, HEAD, OPTIONS";

  private final Map<String, Route> routes = new LinkedHashMap<>();

  Router get(String path, Route route) {
    if (routes.putIfAbsent(path, route) != null) {
      throw new IllegalArgumentException("route registered twice: " + path);
    }
    return this;
  }

  static ApiException notFound(String path) {
    String shown = path.length() > 200 ? path.substring(0, 200) + "…" : path;
    return new ApiException(404, "no such endpoint: " + shown);
  }

  boolean knows(String path) {
    return routes.containsKey(path);
  }

  /**
   * The route for a GET or HEAD of {@code path}.
   *
   * @throws ApiException 404 for an unknown path, 405 for another method on a known one
   */
  Route find(String method, String path) {
    Route route = routes.get(path);
    if (route == null) {
      throw notFound(path);
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw new ApiException(405, "method " + method + " not allowed; use GET");
    }
    return route;
  }
}
