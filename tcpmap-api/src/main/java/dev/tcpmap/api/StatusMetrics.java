package dev.tcpmap.api;

import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.query.service.Status;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The agent's own health, read from the same {@link Status} as {@code /api/v1/status} at each
 * scrape, so both always agree:
 *
 * <ul>
 *   <li>{@code tcpmap_events_total{kind}}: events received by kind (and what stages counted);
 *   <li>{@code tcpmap_events_lost_total{source, reason}}: observations lost, split from the status'
 *       {@code source/reason} keys at the first {@code /} ({@code capture/tls/truncated} is source
 *       {@code capture}, reason {@code tls/truncated});
 *   <li>{@code tcpmap_parse_problems_total{protocol, reason}}: of those, the decode loop's TLS and
 *       DNS problems ({@code capture/tls/*}, {@code capture/dns/*});
 *   <li>{@code tcpmap_source_state{source, state}}: 1 for each source's current state;
 *   <li>{@code tcpmap_connections_open}: connections open now;
 *   <li>{@code tcpmap_history_writes_total}, {@code tcpmap_history_write_failures_total}: batches
 *       the history's store took and refused (refused ones are kept in memory).
 * </ul>
 */
public final class StatusMetrics implements MultiCollector {
  private final Supplier<Status> status;
  private final LongSupplier writes;
  private final LongSupplier writeFailures;

  public StatusMetrics(Supplier<Status> status, LongSupplier writes, LongSupplier writeFailures) {
    this.status = Objects.requireNonNull(status, "status");
    this.writes = Objects.requireNonNull(writes, "writes");
    this.writeFailures = Objects.requireNonNull(writeFailures, "writeFailures");
  }

  @Override
  public MetricSnapshots collect() {
    Status now = status.get();
    CounterSnapshot.Builder events =
        CounterSnapshot.builder().name("tcpmap_events").help("Events received, by kind");
    now.counts()
        .events()
        .forEach((kind, count) -> events.dataPoint(counter(Labels.of("kind", kind), count)));
    CounterSnapshot.Builder lost =
        CounterSnapshot.builder()
            .name("tcpmap_events_lost")
            .help("Observations lost, by source and reason (as /api/v1/status)");
    CounterSnapshot.Builder parse =
        CounterSnapshot.builder()
            .name("tcpmap_parse_problems")
            .help("TLS and DNS messages the capture's decode loop gave up on, by reason");
    for (Map.Entry<String, Long> e : now.counts().losses().entrySet()) {
      String key = e.getKey();
      int slash = key.indexOf('/');
      String source = slash < 0 ? key : key.substring(0, slash);
      String reason = slash < 0 ? "" : key.substring(slash + 1);
      lost.dataPoint(counter(Labels.of("source", source, "reason", reason), e.getValue()));
      if (source.equals("capture") && (reason.startsWith("tls/") || reason.startsWith("dns/"))) {
        parse.dataPoint(
            counter(
                Labels.of("protocol", reason.substring(0, 3), "reason", reason.substring(4)),
                e.getValue()));
      }
    }
    GaugeSnapshot.Builder sources =
        GaugeSnapshot.builder()
            .name("tcpmap_source_state")
            .help("1 for each source's state: running, degraded, failed or stopped");
    for (SourceStatus s : now.sources()) {
      sources.dataPoint(
          GaugeDataPointSnapshot.builder()
              .labels(
                  Labels.of("source", s.name(), "state", s.state().name().toLowerCase(Locale.ROOT)))
              .value(1)
              .build());
    }
    List<io.prometheus.metrics.model.snapshots.MetricSnapshot> out = new ArrayList<>();
    out.add(events.build());
    out.add(lost.build());
    out.add(parse.build());
    out.add(sources.build());
    out.add(gauge("tcpmap_connections_open", "Connections open now", now.open()));
    out.add(
        CounterSnapshot.builder()
            .name("tcpmap_history_writes")
            .help("Batches of buckets or handshakes the history's store took")
            .dataPoint(counter(Labels.EMPTY, writes.getAsLong()))
            .build());
    out.add(
        CounterSnapshot.builder()
            .name("tcpmap_history_write_failures")
            .help("Batches the history's store refused (kept in memory instead)")
            .dataPoint(counter(Labels.EMPTY, writeFailures.getAsLong()))
            .build());
    return new MetricSnapshots(out);
  }

  private static CounterDataPointSnapshot counter(Labels labels, long value) {
    return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  private static GaugeSnapshot gauge(String name, String help, long value) {
    return GaugeSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(GaugeDataPointSnapshot.builder().value(value).build())
        .build();
  }
}
