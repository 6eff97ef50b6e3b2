package dev.tcpmap.aggregate;

import dev.tcpmap.core.event.CertificateProbed;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.event.ConnectionProgress;
import dev.tcpmap.core.event.DnsAnswer;
import dev.tcpmap.core.event.DnsLookupEnded;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.event.IcmpErrorSeen;
import dev.tcpmap.core.event.TlsHandshakeSeen;
import dev.tcpmap.core.event.UdpFlowEnded;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionKey;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.Datagrams;
import dev.tcpmap.core.model.DnsLookup;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.IcmpError;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.Side;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.core.model.UdpFlow;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.store.Rollup;
import dev.tcpmap.store.StoreConfig;
import dev.tcpmap.store.StoredEdge;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The one aggregator: every event of every source goes through here, once. It keeps what the live
 * view shows — the connections that closed (newest {@code maxConnections}), those still open with
 * their bytes so far, the TLS handshakes and DNS answers seen (newest {@code maxHandshakes} of
 * each), the UDP flows that ended (newest {@code maxConnections}), the ICMP errors and DNS lookups
 * (newest {@code maxHandshakes} of each), what was lost — and, when the history is on, each
 * connection's contributions per time bucket until they are handed to the store ({@link Rollups}).
 *
 * <p><b>Names.</b> Each end is named once by the {@link Resolver} given, with the identity its
 * address had at the connection's start: a closed connection's record when it closes, an open one's
 * edge at each of its events (its contributions go to the store under the edge as named at its last
 * event before their bucket is handed over). What the resolver could not name then is named by the
 * late-naming rule of the query stage (docs/architecture.md, "Names").
 *
 * <p><b>Matching.</b> Opened, progress and closed events of one connection are matched by 4-tuple
 * and start ({@link ConnectionKey}: a source gives all three the same start).
 *
 * <p><b>Memory.</b> At most {@code maxConnections} closed records and as many open connections (an
 * opening beyond it is counted as {@code <source>/open-table-full}; its close still counts, with
 * all its bytes in the bucket of its end), {@code maxHandshakes} handshakes and as many answers,
 * {@code maxConnections} UDP flows, {@code maxHandshakes} ICMP errors and as many DNS lookups; the
 * oldest dropped beyond it and counted ({@code connection-log-full}, {@code handshake-log-full},
 * {@code name-log-full}, {@code udp-log-full}, {@code icmp-log-full}, {@code lookup-log-full}). UDP
 * flows and ICMP errors are kept as records only: they make no edges and no history yet.
 *
 * <p><b>Threading.</b> Not thread-safe: one writer at a time (the {@link Pipeline} serializes every
 * call). {@link #snapshot} copies what readers need.
 */
public final class Aggregator implements EventSink {

  /**
   * How the aggregator keeps what it sees.
   *
   * @param lossSource the source of its own losses ({@code agent} live, {@code analyzer} for a
   *     capture file)
   * @param maxConnections most closed records kept, and most open connections held
   * @param maxHandshakes most TLS handshakes kept, and apart from them most DNS answers
   * @param history the buckets of the history, or empty when there is none (a capture file)
   */
  public record Options(
      String lossSource, int maxConnections, int maxHandshakes, Optional<History> history) {

    /**
     * The history's buckets.
     *
     * @param store gives the bucket width
     * @param grace how long after its end a bucket waits for late events before it is handed over
     * @param persistent an ended connection that lasted at least this is counted persistent
     */
    public record History(StoreConfig store, Duration grace, Duration persistent) {
      public History {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(persistent, "persistent");
      }
    }

    public Options {
      Objects.requireNonNull(lossSource, "lossSource");
      Objects.requireNonNull(history, "history");
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
      }
      if (maxHandshakes < 1) {
        throw new IllegalArgumentException("maxHandshakes must be positive: " + maxHandshakes);
      }
    }
  }

  private final Options options;
  // Distinct names shared at once (SharedNames): a cluster's pods, Services and nodes, and the
  // outside addresses it talks to; a few MB at most.
  private static final int SHARED_NAMES = 65_536;

  private final Resolver names;
  private final InstantSource clock;
  private final Consumer<ConnectionRecord> closedRecords;
  private final Rollups rollups;
  private final Map<ConnectionKey, Open> open = new HashMap<>();
  private final ArrayDeque<ConnectionRecord> closed = new ArrayDeque<>();
  private final ArrayDeque<TlsHandshake> handshakes = new ArrayDeque<>();
  private final ArrayDeque<DnsName> answers = new ArrayDeque<>();
  private final ArrayDeque<UdpFlow> udp = new ArrayDeque<>();
  private final ArrayDeque<IcmpError> icmp = new ArrayDeque<>();
  private final ArrayDeque<DnsLookup> lookups = new ArrayDeque<>();
  private final TreeMap<String, Long> losses = new TreeMap<>();
  private boolean changed = true;
  private Snapshot published;

  /**
   * @param names names both ends of a connection at its start
   */
  public Aggregator(Options options, Resolver names, InstantSource clock) {
    this(options, names, clock, record -> {});
  }

  /**
   * @param names names both ends of a connection at its start
   * @param closedRecords is handed each closed connection as named here, on the event path (the
   *     metrics count it: each end is named once)
   */
  public Aggregator(
      Options options,
      Resolver names,
      InstantSource clock,
      Consumer<ConnectionRecord> closedRecords) {
    this.options = Objects.requireNonNull(options, "options");
    this.names = names.map(new SharedNames(SHARED_NAMES));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.closedRecords = Objects.requireNonNull(closedRecords, "closedRecords");
    this.rollups =
        options
            .history()
            .map(h -> new Rollups(h.store(), h.grace(), h.persistent(), this::lose))
            .orElse(null);
    this.published = Snapshot.empty(clock.instant());
  }

  @Override
  public void accept(Event event) {
    changed = true;
    switch (event) {
      case ConnectionOpened o -> opened(o);
      case ConnectionProgress p -> progress(p);
      case ConnectionClosed c -> closed(c.connection());
      case TlsHandshakeSeen h -> keep(handshakes, h.handshake(), "handshake-log-full");
      case DnsAnswer d -> keep(answers, d.name(), "name-log-full");
      case UdpFlowEnded u -> keep(udp, u.flow(), options.maxConnections(), "udp-log-full");
      case IcmpErrorSeen i -> keep(icmp, i.error(), "icmp-log-full");
      case DnsLookupEnded d -> keep(lookups, d.lookup(), "lookup-log-full");
      case CertificateProbed p ->
          p.chain().ifPresent(chain -> attachProbed(p.server(), p.port(), p.sni(), chain));
      case EventsLost l -> losses.merge(l.source() + "/" + l.reason(), l.count(), Long::sum);
    }
  }

  private void opened(ConnectionOpened o) {
    ConnectionKey key =
        new ConnectionKey(o.client(), o.clientPort(), o.server(), o.serverPort(), o.start());
    if (open.containsKey(key) || !roomForOpen()) {
      return;
    }
    Open t = new Open(key, o.startSeen(), o.details());
    t.openedCounted = o.startSeen();
    t.baselinePending = !o.startSeen();
    open.put(key, t);
    if (rollups != null) {
      t.edge = edgeOf(t.asOf(o.start()));
      rollups.opened(t);
    }
  }

  private void progress(ConnectionProgress p) {
    ConnectionKey key =
        new ConnectionKey(p.client(), p.clientPort(), p.server(), p.serverPort(), p.start());
    Open t = open.get(key);
    if (t == null) {
      if (!roomForOpen()) {
        return;
      }
      // Its opening was lost: whether it predates the agent is unknown, so it is baselined.
      t = new Open(key, false, p.details());
      t.baselinePending = true;
      open.put(key, t);
    }
    t.sent = p.bytesSent();
    t.received = p.bytesReceived();
    t.details = p.details(); // may name more now (the other end's process)
    if (rollups != null) {
      t.edge = edgeOf(t.asOf(p.at()));
      rollups.attribute(t, p.at(), p.bytesSent(), p.bytesReceived());
    }
  }

  private void closed(Connection c) {
    ConnectionKey key = ConnectionKey.of(c);
    Open t = open.remove(key);
    ConnectionRecord record = ConnectionRecord.named(c, names);
    closedRecords.accept(record);
    closed.addLast(record);
    if (closed.size() > options.maxConnections()) {
      closed.removeFirst();
      lose(options.lossSource() + "/connection-log-full");
    }
    if (rollups != null) {
      if (t == null) {
        t = new Open(key, c.startSeen(), c.details());
      }
      t.edge =
          new StoredEdge(new EdgeKey(record.client(), record.server(), c.serverPort()), Side.of(c));
      rollups.closed(t, c);
    }
  }

  /**
   * Attaches a probed chain to the kept handshakes with this server, port and SNI that carry no
   * chain or an older probed one (an observed chain is what the handshake itself showed, and
   * stays). Walks the handshake log (at most {@code maxHandshakes}): a probe result comes at most
   * once per server and cache TTL, and the walk spares every request a lookup.
   */
  private void attachProbed(IpAddress server, int port, String sni, CertificateChain chain) {
    for (int i = handshakes.size(); i > 0; i--) {
      TlsHandshake h = handshakes.removeFirst();
      if (h.server().equals(server)
          && h.serverPort() == port
          && h.sni().equals(sni)
          && h.negotiated()
          && h.certificate().map(c -> c.source() == CertificateChain.Source.PROBED).orElse(true)) {
        h = h.withCertificate(chain);
      }
      handshakes.addLast(h);
    }
  }

  private <T> void keep(ArrayDeque<T> log, T item, String fullReason) {
    keep(log, item, options.maxHandshakes(), fullReason);
  }

  private <T> void keep(ArrayDeque<T> log, T item, int max, String fullReason) {
    log.addLast(item);
    if (log.size() > max) {
      log.removeFirst();
      lose(options.lossSource() + "/" + fullReason);
    }
  }

  private boolean roomForOpen() {
    if (open.size() < options.maxConnections()) {
      return true;
    }
    lose(options.lossSource() + "/open-table-full");
    return false;
  }

  private void lose(String token) {
    losses.merge(token, 1L, Long::sum);
  }

  private StoredEdge edgeOf(Connection c) {
    return new StoredEdge(
        new EdgeKey(names.resolveClient(c), names.resolveServer(c), c.serverPort()), Side.of(c));
  }

  /**
   * What readers see as of now: the closed records, the open connections (outcome {@code open},
   * their bytes so far, their duration up to now, named now), the handshakes, answers, UDP flows,
   * ICMP errors and DNS lookups kept, the losses. Rebuilt only when something changed or
   * connections are open (their durations grow): the rebuild copies the whole log (about 1 ms per
   * 100k records).
   */
  public Snapshot snapshot() {
    if (!changed && open.isEmpty()) {
      return published;
    }
    Instant now = clock.instant();
    List<ConnectionRecord> all = new ArrayList<>(closed.size() + open.size());
    all.addAll(closed);
    open.values().forEach(t -> all.add(ConnectionRecord.named(t.asOf(now), names)));
    published =
        new Snapshot(
            all,
            losses,
            now,
            new ArrayList<>(handshakes),
            new ArrayList<>(answers),
            new Datagrams(new ArrayList<>(udp), new ArrayList<>(icmp), new ArrayList<>(lookups)));
    changed = false;
    return published;
  }

  /** Losses counted so far, by {@code source/reason}. */
  public Map<String, Long> losses() {
    return Map.copyOf(losses);
  }

  /** Open connections held now. */
  public int openConnections() {
    return open.size();
  }

  /** Closed records kept now. */
  public int closedConnections() {
    return closed.size();
  }

  /**
   * The kept handshakes captured in {@code [from, to)}, in the order they came, as they are now
   * (with the chains attached since). Walks the log (at most {@code maxHandshakes}).
   */
  public List<TlsHandshake> handshakesIn(Instant from, Instant to) {
    List<TlsHandshake> out = new ArrayList<>();
    for (TlsHandshake h : handshakes) {
      if (!h.at().isBefore(from) && h.at().isBefore(to)) {
        out.add(h);
      }
    }
    return out;
  }

  /**
   * The rollups of every bucket that ended at or before {@code now - grace}, each once (see {@link
   * Rollups#drain}); none without history.
   */
  public List<Rollup> drain(Instant now) {
    return rollups == null ? List.of() : rollups.drain(now);
  }

  /** The rollups not yet drained (a copy); none without history. */
  public List<Rollup> pending() {
    return rollups == null ? List.of() : rollups.pending();
  }

  /**
   * At the end: every rollup not yet handed over, the bucket in flight included; the open
   * connections are forgotten by the history (their bytes so far are in their buckets; they have
   * not ended).
   */
  public List<Rollup> finish() {
    return rollups == null ? List.of() : rollups.finish();
  }

  /** The process details a live source attached, as an open connection holds them (for tests). */
  Optional<SocketDetails> detailsOf(ConnectionKey key) {
    return Optional.ofNullable(open.get(key)).map(t -> t.details);
  }
}
