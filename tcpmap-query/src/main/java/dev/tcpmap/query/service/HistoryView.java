package dev.tcpmap.query.service;

import dev.tcpmap.aggregate.Pipeline;
import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.aggregate.history.History;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.LateNames;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.PeerEdges;
import dev.tcpmap.query.cluster.PeerTls;
import dev.tcpmap.query.cluster.SidedEdge;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.OutcomeCounts;
import dev.tcpmap.store.Counters;
import dev.tcpmap.store.EdgeSums;
import dev.tcpmap.store.RangeSums;
import dev.tcpmap.store.StoredEdge;
import dev.tcpmap.store.Window;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The live agent's windows, read from its history: what happened in the window's buckets (see
 * {@link EdgeStats} for what each count then means), and the TLS handshakes the history has written
 * with the newer ones still only in the aggregator, each taken from exactly one of the two (a
 * handshake is written once it has settled: a probed chain had time to come).
 *
 * <p>The history keeps each end as the aggregator named it (pods, Services, nodes, processes),
 * which survives a restart; an end that was unknown then is named by {@link LateNames}.
 */
public final class HistoryView implements LocalView {
  private final Pipeline pipeline;
  private final History history;
  private final Resolver names;
  private final InstantSource clock;

  /**
   * @param pipeline the aggregator and its history
   * @param names what is known now of an address, for the ends that were unknown when named
   */
  public HistoryView(Pipeline pipeline, Resolver names, InstantSource clock) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.history =
        pipeline
            .historyStore()
            .orElseThrow(() -> new IllegalArgumentException("a pipeline without history"));
    this.names = Objects.requireNonNull(names, "names");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Snapshot snapshot() {
    return pipeline.snapshot();
  }

  @Override
  public PeerEdges edges(TimeRange range) {
    long now = clock.millis();
    long from = range.hasFrom() ? range.fromMs() : 0;
    // Without an end: up to now, the bucket in flight included.
    long to = range.hasTo() ? range.toMs() : now + 1;
    RangeSums sums = pipeline.history(from, Math.max(from, to));
    Snapshot snapshot = pipeline.snapshot();
    Map<StoredEdge, EdgeStats> edges = new HashMap<>();
    sums.sided()
        .forEach(
            (stored, s) -> {
              EdgeStats e = stats(named(stored.key(), s), s, now);
              edges.merge(new StoredEdge(e.key(), stored.side()), e, EdgeStats::plusTotals);
            });
    List<SidedEdge> out = new ArrayList<>();
    edges.forEach((stored, e) -> out.add(new SidedEdge(stored.side(), e)));
    out.sort(
        (a, b) -> {
          int c = a.stats().key().compareTo(b.stats().key());
          return c != 0 ? c : a.side().compareTo(b.side());
        });
    return new PeerEdges(
        snapshot.asOf(), snapshot.losses(), out, effective(range, sums.effective()));
  }

  @Override
  public PeerTls tls(TimeRange range) {
    Snapshot snapshot = pipeline.snapshot();
    long from = range.hasFrom() ? range.fromMs() : 0;
    long to = range.hasTo() ? range.toMs() : Long.MAX_VALUE;
    History.StoredHandshakes stored = history.storedHandshakes(from, Math.max(from, to));
    List<TlsHandshake> in = new ArrayList<>(stored.handshakes());
    for (TlsHandshake h : snapshot.handshakes()) {
      if (!h.at().isBefore(stored.writtenUpTo()) && range.overlaps(h.at(), h.at())) {
        in.add(h);
      }
    }
    return new PeerTls(snapshot.asOf(), snapshot.losses(), in);
  }

  /** The effective range, when the history widened it; an open end stays open. */
  private static Optional<TimeRange> effective(TimeRange range, Window window) {
    long from = range.hasFrom() ? window.fromMillis() : TimeRange.UNBOUNDED_FROM;
    long to = range.hasTo() ? window.toMillis() : TimeRange.UNBOUNDED_TO;
    TimeRange effective = new TimeRange(from, to);
    return effective.equals(range) ? Optional.empty() : Optional.of(effective);
  }

  private EdgeKey named(EdgeKey key, EdgeSums sums) {
    Instant at = Instant.ofEpochMilli(sums.lastMillis());
    Endpoint client = LateNames.of(key.client(), names, at);
    Endpoint server = LateNames.of(key.server(), names, at);
    return client == key.client() && server == key.server()
        ? key
        : new EdgeKey(client, server, key.serverPort());
  }

  /** The window's counts as an edge; the span of its buckets, its last end not after now. */
  static EdgeStats stats(EdgeKey key, EdgeSums sums, long nowMillis) {
    Counters c = sums.counters();
    OutcomeCounts ended =
        new OutcomeCounts(c.closed(), c.reset(), c.refused(), c.timeout(), 0, c.unknown());
    long last = Math.max(sums.firstMillis(), Math.min(sums.lastMillis(), nowMillis));
    return new EdgeStats(
        key,
        c.opened(),
        ended,
        c.persistent(),
        c.bytesSent(),
        c.bytesReceived(),
        Duration.ofNanos(c.durationSumNanos()),
        Duration.ofNanos(c.durationMaxNanos()),
        Instant.ofEpochMilli(sums.firstMillis()),
        Instant.ofEpochMilli(last));
  }
}
