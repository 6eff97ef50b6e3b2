package dev.tcpmap.api;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.enrich.ExternalNames;
import dev.tcpmap.query.EdgeFilter;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.Edges;
import java.util.List;

/** Reading the parameters every endpoint shares, and the aggregation they all start from. */
final class Queries {
  private final ApiConfig config;

  Queries(ApiConfig config) {
    this.config = config;
  }

  /**
   * {@code from} and {@code to} (epoch milliseconds); when both are missing or empty, the
   * configured default window ending now (or all time).
   */
  TimeRange range(QueryParams params) {
    TimeRange range = TimeRange.parse(params.get("from"), params.get("to"));
    if (range.hasFrom() || range.hasTo() || config.defaultWindow().isZero()) {
      return range;
    }
    long now = config.clock().millis();
    return new TimeRange(now - config.defaultWindow().toMillis(), TimeRange.UNBOUNDED_TO);
  }

  /** {@code namespace}, {@code include}, {@code exclude}; empty means no filter. */
  static EdgeFilter filter(QueryParams params) {
    return EdgeFilter.of(params.get("namespace"), params.get("include"), params.get("exclude"));
  }

  /** As {@link #filter(QueryParams)}, plus tcpmap's {@code workload} pattern. */
  static EdgeFilter filter(QueryParams params, String workload) {
    return EdgeFilter.of(
        params.get("namespace"), params.get("include"), params.get("exclude"), workload);
  }

  /** All edges of the snapshot's connections within {@code range}, not yet filtered. */
  List<EdgeStats> edges(Snapshot snapshot, TimeRange range) {
    return Edges.aggregate(
        snapshot.connections(), resolver(snapshot), config.persistentThreshold(), range);
  }

  /**
   * The configured resolver, with the external ends of {@code snapshot}'s connections named by the
   * server names and DNS answers it holds (see {@link ExternalNames}).
   */
  Resolver resolver(Snapshot snapshot) {
    return ExternalNames.over(config.resolver(), snapshot.handshakes(), snapshot.names());
  }

  /** The range's ends for a response: epoch milliseconds, or null when unbounded. */
  static Long from(TimeRange range) {
    return range.hasFrom() ? range.fromMs() : null;
  }

  static Long to(TimeRange range) {
    return range.hasTo() ? range.toMs() : null;
  }
}
