package dev.tcpmap.api;

import dev.tcpmap.api.wire.NativeJson;
import dev.tcpmap.core.format.Decimal;
import dev.tcpmap.query.EdgeFilter;
import dev.tcpmap.query.QueryException;
import dev.tcpmap.query.edges.Grouping;
import dev.tcpmap.query.filter.ConnectionFilter;
import dev.tcpmap.query.service.QueryService;

/** tcpmap's own endpoints under {@code /api/v1} (see docs/api.md). */
final class NativeRoutes {
  static final int DEFAULT_LIMIT = 1_000;
  static final int MAX_LIMIT = 100_000;

  private NativeRoutes() {}

  static void register(Router router, QueryService queries) {
    router
        .get(
            "/api/v1/connections",
            params -> {
              EdgeFilter filter = filter(params);
              ConnectionFilter expression = queries.filter(params.get("filter"));
              int limit = limit(params.get("limit"));
              return Answer.json(
                  NativeJson.connections(
                      queries.connections(
                          queries.window(params.get("from"), params.get("to")),
                          filter,
                          expression,
                          limit)));
            })
        .get(
            "/api/v1/graph",
            params -> {
              // Every parameter is parsed before any data is read: bad input costs nothing.
              EdgeFilter filter =
                  EdgeFilter.of(
                      params.get("namespace"),
                      params.get("include"),
                      params.get("exclude"),
                      params.get("workload"));
              ConnectionFilter expression = queries.filter(params.get("filter"));
              Grouping grouping = Grouping.parse(params.get("group"));
              return Answer.json(
                  NativeJson.graph(
                      queries.graph(
                          queries.window(params.get("from"), params.get("to")),
                          filter,
                          expression,
                          grouping)));
            });
  }

  /** {@code namespace}, {@code include}, {@code exclude} (k8spacket's); empty means no filter. */
  static EdgeFilter filter(QueryParams params) {
    return EdgeFilter.of(params.get("namespace"), params.get("include"), params.get("exclude"));
  }

  static int limit(String text) {
    if (text == null || text.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Decimal.parseInt(text);
      if (limit >= 0 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below, with the same message as an out-of-range number
    }
    throw QueryException.forParameter(
        "limit", "not an integer from 0 to " + MAX_LIMIT + ": " + shorten(text));
  }

  static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
