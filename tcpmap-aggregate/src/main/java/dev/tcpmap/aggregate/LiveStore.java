package dev.tcpmap.aggregate;

import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.event.ConnectionProgress;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live agent's memory: the connections that closed (newest {@code maxConnections}), those still
 * open (with bytes so far), the TLS handshakes and DNS answers seen (newest {@code maxHandshakes}
 * of each), and what was lost, published as {@link Snapshot}s for the HTTP API.
 *
 * <p>Threading: one writer (the agent's thread) calls {@link #accept}, {@link #handshake}, {@link
 * #name}, {@link #publish} and {@link #publishIfDue}; any number of readers call {@link
 * #snapshot()}, {@link #awaitFresh} and {@link #counts()}, which never block the writer. Snapshots
 * are rebuilt by the writer only when a reader asked for one ({@link #awaitFresh}) and something
 * changed or open connections are there whose durations grow: a rebuild copies the whole log (about
 * 1 ms per 100k records), which rebuilding on a timer did four times a second under load for
 * nobody, and cost the traced host's throughput.
 *
 * <p>An open connection is shown with outcome {@code open}, its bytes so far, and its duration up
 * to the snapshot's {@code asOf}. Opened, progress and closed events of one connection are matched
 * by 4-tuple and start (the source gives all three the same start).
 */
public final class LiveStore implements EventSink {
  /** Loss source for what the store itself dropped. */
  static final String SOURCE = "agent";

  private record OpenKey(
      IpAddress client, int clientPort, IpAddress server, int serverPort, Instant start) {}

  private record Open(boolean startSeen, long sent, long received, SocketDetails details) {}

  private final int maxConnections;
  private final int maxHandshakes;
  private final ArrayDeque<TlsHandshake> handshakes = new ArrayDeque<>();
  private final ArrayDeque<DnsName> names = new ArrayDeque<>();
  private final InstantSource clock;
  private final Admission completion;
  private final Object answers = new Object();
  private final AtomicLong answered = new AtomicLong();
  private volatile boolean wanted;
  private final ArrayDeque<Connection> closed = new ArrayDeque<>();
  private final Map<OpenKey, Open> open = new HashMap<>();
  private final TreeMap<String, Long> losses = new TreeMap<>();
  private final TreeMap<String, Long> events = new TreeMap<>();
  private boolean dirty = true;
  private volatile Snapshot published;
  private volatile LiveCounts counts = new LiveCounts(Map.of(), Map.of());

  /**
   * @param maxConnections most closed records kept (oldest dropped beyond it, counted as {@code
   *     agent/connection-log-full}); also the most open connections shown (beyond it counted as
   *     {@code agent/open-table-full})
   * @param maxHandshakes most TLS handshakes kept, and apart from them most DNS answers (oldest
   *     dropped beyond it, counted as {@code agent/handshake-log-full}, {@code
   *     agent/name-log-full})
   */
  public LiveStore(int maxConnections, int maxHandshakes, InstantSource clock) {
    this(maxConnections, maxHandshakes, clock, Optional::of);
  }

  /** What becomes of a handshake before it is kept: it, completed, or nothing. */
  @FunctionalInterface
  public interface Admission {
    /** The handshake to keep, or empty when it is not one to keep. Writer thread; never blocks. */
    Optional<TlsHandshake> admit(TlsHandshake handshake);
  }

  /**
   * @param completion applied to each handshake before it is kept, on the writer thread (the
   *     agent's certificate probes attach a cached chain with it, and leave out the handshakes of
   *     their own connections, counted as event {@code probe-handshake}); must not block
   */
  public LiveStore(
      int maxConnections, int maxHandshakes, InstantSource clock, Admission completion) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
    }
    if (maxHandshakes < 1) {
      throw new IllegalArgumentException("maxHandshakes must be positive: " + maxHandshakes);
    }
    this.maxConnections = maxConnections;
    this.maxHandshakes = maxHandshakes;
    this.clock = clock;
    this.completion = completion;
    this.published = Snapshot.empty(clock.instant());
  }

  @Override
  public void accept(Event event) {
    dirty = true;
    switch (event) {
      case ConnectionOpened o -> {
        count("opened");
        OpenKey key =
            new OpenKey(o.client(), o.clientPort(), o.server(), o.serverPort(), o.start());
        if (!open.containsKey(key) && roomForOpen()) {
          open.put(key, new Open(o.startSeen(), 0, 0, o.details()));
        }
      }
      case ConnectionProgress p -> {
        count("progress");
        progress(p);
      }
      case ConnectionClosed c -> {
        count("closed");
        close(c.connection());
      }
      case EventsLost l -> {
        count("lost");
        losses.merge(l.source() + "/" + l.reason(), l.count(), Long::sum);
      }
    }
  }

  /** Keeps a TLS handshake seen by live capture. Writer thread only. */
  public void handshake(TlsHandshake handshake) {
    count("handshake");
    Optional<TlsHandshake> kept = completion.admit(handshake);
    if (kept.isPresent()) {
      keep(handshakes, kept.get(), "handshake-log-full");
    } else {
      count("probe-handshake");
    }
  }

  /**
   * Attaches a probed chain to the kept handshakes with this server, port and SNI that carry no
   * chain or an older probed one (an observed chain is what the handshake itself showed, and
   * stays). Writer thread only. Walks the handshake log (at most {@code maxHandshakes}): a probe
   * result comes at most once per server and cache TTL, and the walk spares every request a lookup.
   *
   * @return how many handshakes got the chain
   */
  public int attachProbed(IpAddress server, int port, String sni, CertificateChain chain) {
    int attached = 0;
    for (int i = handshakes.size(); i > 0; i--) {
      TlsHandshake h = handshakes.removeFirst();
      if (h.server().equals(server)
          && h.serverPort() == port
          && h.sni().equals(sni)
          && h.negotiated()
          && h.certificate().map(c -> c.source() == CertificateChain.Source.PROBED).orElse(true)) {
        h = h.withCertificate(chain);
        attached++;
      }
      handshakes.addLast(h);
    }
    dirty |= attached > 0;
    return attached;
  }

  /**
   * The kept handshakes captured in {@code [from, to)}, in the order they came, as they are now
   * (with the chains attached since). Writer thread only; walks the log (at most {@code
   * maxHandshakes}).
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

  /** Keeps a DNS answer seen by live capture. Writer thread only. */
  public void name(DnsName name) {
    count("name");
    keep(names, name, "name-log-full");
  }

  private <T> void keep(ArrayDeque<T> log, T item, String fullReason) {
    dirty = true;
    log.addLast(item);
    if (log.size() > maxHandshakes) {
      log.removeFirst();
      losses.merge(SOURCE + "/" + fullReason, 1L, Long::sum);
    }
  }

  private void progress(ConnectionProgress p) {
    OpenKey key = new OpenKey(p.client(), p.clientPort(), p.server(), p.serverPort(), p.start());
    Open before = open.get(key);
    if (before == null && !roomForOpen()) {
      return;
    }
    // Without its opening (lost to the table's cap earlier) the start is what progress says.
    boolean startSeen = before != null && before.startSeen();
    open.put(key, new Open(startSeen, p.bytesSent(), p.bytesReceived(), p.details()));
  }

  private void close(Connection c) {
    open.remove(new OpenKey(c.client(), c.clientPort(), c.server(), c.serverPort(), c.start()));
    closed.addLast(c);
    if (closed.size() > maxConnections) {
      closed.removeFirst();
      losses.merge(SOURCE + "/connection-log-full", 1L, Long::sum);
    }
  }

  private boolean roomForOpen() {
    if (open.size() < maxConnections) {
      return true;
    }
    losses.merge(SOURCE + "/open-table-full", 1L, Long::sum);
    return false;
  }

  private void count(String kind) {
    events.merge(kind, 1L, Long::sum);
  }

  /** Builds and publishes a snapshot now. Writer thread only. */
  public void publish() {
    Instant now = clock.instant();
    List<Connection> all = new ArrayList<>(closed.size() + open.size());
    all.addAll(closed);
    open.forEach((key, o) -> all.add(openConnection(key, o, now)));
    published = new Snapshot(all, losses, now, new ArrayList<>(handshakes), new ArrayList<>(names));
    counts = new LiveCounts(events, losses);
    dirty = false;
  }

  /**
   * Answers the readers waiting in {@link #awaitFresh}: publishes when one asked and something
   * changed (or open connections age). Writer thread only; cheap when nobody asked.
   */
  public void publishIfDue() {
    if (!wanted) {
      return;
    }
    wanted = false;
    if (dirty || !open.isEmpty()) {
      publish();
    }
    answered.incrementAndGet();
    synchronized (answers) {
      answers.notifyAll();
    }
  }

  /** The latest published snapshot, however old. Any thread. */
  public Snapshot snapshot() {
    return published;
  }

  /**
   * A snapshot as of now: asks the writer for one and waits until its next {@link #publishIfDue}
   * (or {@code timeout}, then the latest published one). Any thread but the writer's.
   */
  public Snapshot awaitFresh(Duration timeout) {
    long asked = answered.get();
    wanted = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (answers) {
      long left;
      while (answered.get() == asked && (left = deadline - System.nanoTime()) > 0) {
        try {
          answers.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return published;
  }

  /** Event and loss totals as of the latest snapshot. Any thread. */
  public LiveCounts counts() {
    return counts;
  }

  private static Connection openConnection(OpenKey key, Open o, Instant now) {
    Duration soFar = Duration.between(key.start(), now);
    return new Connection(
        key.client(),
        key.clientPort(),
        key.server(),
        key.serverPort(),
        key.start(),
        soFar.isNegative() ? Duration.ZERO : soFar,
        o.sent(),
        o.received(),
        Outcome.OPEN,
        o.startSeen(),
        o.details());
  }
}
