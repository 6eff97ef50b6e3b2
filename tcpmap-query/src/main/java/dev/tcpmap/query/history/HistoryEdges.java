package dev.tcpmap.query.history;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.aggregate.history.History;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.EdgeSource;
import dev.tcpmap.query.cluster.PeerEdges;
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
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The agent's edges for a window, read from its {@link History}: what happened in the window's
 * buckets (see {@link EdgeStats} for what each count then means).
 *
 * <p>The history keeps each end as it was named when the connection started (pods, Services, nodes,
 * processes), which survives a restart. An external address kept by its IP alone is named at
 * question time, by what the traffic and the lookups say now (SNI, DNS answers, reverse DNS, whois,
 * GeoIP): those names come later than the connection, often from its own handshake.
 */
public final class HistoryEdges implements EdgeSource {
  private final History history;
  private final Supplier<Snapshot> data;
  private final Function<Snapshot, Resolver> names;
  private final InstantSource clock;

  /**
   * @param data the live snapshot, for the losses, the time of the answer and the names
   * @param names the resolver that names external ends from a snapshot
   */
  public HistoryEdges(
      History history,
      Supplier<Snapshot> data,
      Function<Snapshot, Resolver> names,
      InstantSource clock) {
    this.history = history;
    this.data = data;
    this.names = names;
    this.clock = clock;
  }

  @Override
  public PeerEdges edges(TimeRange range) {
    history.want();
    Snapshot snapshot = data.get(); // waits for a poll round, in which the history publishes
    long now = clock.millis();
    long from = range.hasFrom() ? range.fromMs() : 0;
    // Without an end: up to now, the bucket in flight included.
    long to = range.hasTo() ? range.toMs() : now + 1;
    RangeSums sums = history.query(from, Math.max(from, to));
    Resolver resolver = names.apply(snapshot);
    Map<StoredEdge, EdgeStats> edges = new HashMap<>();
    sums.sided()
        .forEach(
            (stored, s) -> {
              EdgeStats e = stats(named(stored.key(), resolver, s), s, now);
              edges.merge(new StoredEdge(e.key(), stored.side()), e, EdgeStats::plusTotals);
            });
    List<SidedEdge> out = new ArrayList<>();
    edges.forEach((stored, e) -> out.add(new SidedEdge(stored.side(), e)));
    out.sort(
        (a, b) -> {
          int c = a.stats().key().compareTo(b.stats().key());
          return c != 0 ? c : a.side().compareTo(b.side());
        });
    Map<String, Long> losses = new HashMap<>(snapshot.losses());
    history.losses().forEach((k, v) -> losses.merge(k, v, Long::sum));
    return new PeerEdges(snapshot.asOf(), losses, out, effective(range, sums.effective()));
  }

  /** The effective range, when the history widened it; an open end stays open. */
  private static Optional<TimeRange> effective(TimeRange range, Window window) {
    long from = range.hasFrom() ? window.fromMillis() : TimeRange.UNBOUNDED_FROM;
    long to = range.hasTo() ? window.toMillis() : TimeRange.UNBOUNDED_TO;
    TimeRange effective = new TimeRange(from, to);
    return effective.equals(range) ? Optional.empty() : Optional.of(effective);
  }

  private static EdgeKey named(EdgeKey key, Resolver resolver, EdgeSums sums) {
    Instant at = Instant.ofEpochMilli(sums.lastMillis());
    Endpoint client = named(key.client(), resolver, at);
    Endpoint server = named(key.server(), resolver, at);
    return client == key.client() && server == key.server()
        ? key
        : new EdgeKey(client, server, key.serverPort());
  }

  /**
   * An end as named now: a pod, Service or node stays as kept; a process or an address that the
   * Kubernetes index did not know when the connection started (not synced yet, or the agent runs
   * outside a cluster) takes what the index says now for that time; an address kept by its IP alone
   * takes the name the traffic or the lookups give it now.
   */
  private static Endpoint named(Endpoint endpoint, Resolver resolver, Instant at) {
    if (isCluster(endpoint.kind())) {
      return endpoint;
    }
    Endpoint now = resolver.resolve(endpoint.ip(), at);
    if (isCluster(now.kind())) {
      return now;
    }
    boolean byIpOnly =
        endpoint.kind() == Endpoint.Kind.EXTERNAL
            && endpoint.name().equals(endpoint.ip().toString());
    return byIpOnly && now.kind() == Endpoint.Kind.EXTERNAL ? now : endpoint;
  }

  private static boolean isCluster(Endpoint.Kind kind) {
    return kind == Endpoint.Kind.POD || kind == Endpoint.Kind.SERVICE || kind == Endpoint.Kind.NODE;
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
