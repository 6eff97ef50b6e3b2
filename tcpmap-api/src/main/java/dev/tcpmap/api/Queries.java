package dev.tcpmap.api;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.query.EdgeFilter;
import dev.tcpmap.query.LateNames;
import dev.tcpmap.query.TimeRange;
import java.util.ArrayList;
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

  /** The snapshot's records, ends unknown when named named now ({@link LateNames}). */
  List<ConnectionRecord> records(Snapshot snapshot) {
    List<ConnectionRecord> out = new ArrayList<>(snapshot.records().size());
    snapshot.records().forEach(r -> out.add(LateNames.of(r, config.names())));
    return out;
  }

  /** What names the ends that were unknown when named. */
  Resolver names() {
    return config.names();
  }

  /** The range's ends for a response: epoch milliseconds, or null when unbounded. */
  static Long from(TimeRange range) {
    return range.hasFrom() ? range.fromMs() : null;
  }

  static Long to(TimeRange range) {
    return range.hasTo() ? range.toMs() : null;
  }
}
