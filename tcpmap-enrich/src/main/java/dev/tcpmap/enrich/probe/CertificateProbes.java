package dev.tcpmap.enrich.probe;

import dev.tcpmap.aggregate.LiveStore;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The agent's certificate probes: chains for the handshakes that carried none (TLS 1.3), fetched
 * off the event path and cached per (server IP, port, SNI).
 *
 * <pre>
 *   poll thread                          probe threads (virtual, at most maxInFlight)
 *     complete(h): cached chain? attach ──────────────────────────────┐
 *                  else start a probe ─▶ probe(target) ─▶ results queue (capacity maxInFlight)
 *     drainTo(store) ◀──────────────────────────────────────────────────┘
 *       cache the result; a chain: store.attachProbed; a failure: loss tls-probe/&lt;reason&gt;
 * </pre>
 *
 * <p>Threading: {@link #complete} and {@link #drainTo} run on one thread (the store's writer); the
 * cache and the set of targets in flight are that thread's alone. A target is in flight from the
 * probe's start until its result is drained, so there is at most one probe per target and the
 * results queue can never be full. More than {@code maxInFlight} targets at once are not probed
 * (counted as {@code tls-probe/busy}); a later handshake to them tries again.
 *
 * <p>Memory: at most {@code maxEntries} results (the oldest forgotten first), {@code maxInFlight}
 * threads and queued results. A chain is kept for {@code ttl}, a failure for a tenth of it (at most
 * 5 minutes), so that a dead server is not connected to on each of its handshakes.
 */
public final class CertificateProbes implements AutoCloseable {
  /** Loss source of failed probes: {@code tls-probe/<reason>}. */
  public static final String SOURCE = "tls-probe";

  /** How many probes may run at once: enough for a node's new servers, few enough to be polite. */
  public static final int MAX_IN_FLIGHT = 32;

  private static final Duration MAX_FAILURE_TTL = Duration.ofMinutes(5);

  private record Entry(Optional<CertificateChain> chain, Instant expires) {}

  private final Function<ProbeTarget, ProbeResult> probe;
  private final ProbeSockets sockets;
  private final Duration ttl;
  private final Duration failureTtl;
  private final int maxEntries;
  private final int maxInFlight;
  private final InstantSource clock;
  private final LinkedHashMap<ProbeTarget, Entry> cache = new LinkedHashMap<>();
  private final Set<ProbeTarget> inFlight = new HashSet<>();
  private final BlockingQueue<ProbeResult> results;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private long busy;

  /**
   * @param probe one probe, run on a probe thread; a {@link RuntimeException} from it counts as
   *     failure {@code error}
   * @param ttl how long a chain is used before its server is probed again
   * @param maxEntries most results kept
   * @param maxInFlight most probes at once
   */
  public CertificateProbes(
      Function<ProbeTarget, ProbeResult> probe,
      Duration ttl,
      int maxEntries,
      int maxInFlight,
      InstantSource clock) {
    this(probe, new ProbeSockets(), ttl, maxEntries, maxInFlight, clock);
  }

  /**
   * @param sockets the probes' own connections, as {@code probe} reports them
   */
  public CertificateProbes(
      Function<ProbeTarget, ProbeResult> probe,
      ProbeSockets sockets,
      Duration ttl,
      int maxEntries,
      int maxInFlight,
      InstantSource clock) {
    this.probe = Objects.requireNonNull(probe, "probe");
    this.sockets = Objects.requireNonNull(sockets, "sockets");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
    if (maxEntries < 1 || maxInFlight < 1) {
      throw new IllegalArgumentException(
          "maxEntries and maxInFlight must be positive: " + maxEntries + ", " + maxInFlight);
    }
    this.ttl = ttl;
    Duration tenth = ttl.dividedBy(10);
    this.failureTtl = tenth.compareTo(MAX_FAILURE_TTL) < 0 ? tenth : MAX_FAILURE_TTL;
    this.maxEntries = maxEntries;
    this.maxInFlight = maxInFlight;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.results = new ArrayBlockingQueue<>(maxInFlight);
  }

  /**
   * {@code h} with the cached chain of its server when it carries none and one is fresh; else
   * {@code h}, and a probe of its server is started unless one runs or a failure is fresh. Empty
   * for the handshake of one of the probes' own connections (see {@link ProbeSockets}). Only a
   * negotiated handshake without a chain is probed for (one the server did not answer has nothing
   * to learn from). Poll thread only; never blocks, never throws for what a handshake holds.
   */
  public Optional<TlsHandshake> complete(TlsHandshake h) {
    if (sockets.isProbe(h)) {
      return Optional.empty(); // the agent's own probe, not the host's traffic
    }
    if (!h.negotiated() || h.certificate().isPresent() || h.serverPort() == 0) {
      // port 0 cannot be connected to (a capture may show it; a probe target may not)
      return Optional.of(h);
    }
    ProbeTarget target = ProbeTarget.of(h);
    Entry entry = cache.get(target);
    if (entry != null && clock.instant().isBefore(entry.expires())) {
      return Optional.of(entry.chain().isEmpty() ? h : h.withCertificate(entry.chain().get()));
    }
    start(target);
    return Optional.of(h);
  }

  private void start(ProbeTarget target) {
    if (inFlight.contains(target)) {
      return;
    }
    if (inFlight.size() >= maxInFlight) {
      busy++;
      return;
    }
    inFlight.add(target);
    threads.execute(() -> results.add(run(target)));
  }

  private ProbeResult run(ProbeTarget target) {
    try {
      return probe.apply(target);
    } catch (RuntimeException e) {
      return ProbeResult.failed(target, clock.instant(), "error");
    }
  }

  /**
   * Takes the probes' results into the cache and {@code store}: a chain is attached to the store's
   * handshakes with that server (see {@link LiveStore#attachProbed}), a failure is counted as
   * {@code tls-probe/<reason>}. Waits up to {@code wait} for the first result ({@link
   * Duration#ZERO} on the poll thread; tests wait for a probe with it). Poll thread only.
   *
   * @return how many results were taken
   */
  public int drainTo(LiveStore store, Duration wait) {
    if (busy > 0) {
      store.accept(new EventsLost(SOURCE, "busy", busy));
      busy = 0;
    }
    int taken = 0;
    ProbeResult result = first(wait);
    for (; result != null; result = results.poll()) {
      taken++;
      inFlight.remove(result.target());
      remember(result);
      if (result.chain().isPresent()) {
        ProbeTarget t = result.target();
        store.attachProbed(t.ip(), t.port(), t.sni(), result.chain().get());
      } else {
        store.accept(new EventsLost(SOURCE, result.failure(), 1));
      }
    }
    return taken;
  }

  private ProbeResult first(Duration wait) {
    if (wait.isZero()) {
      return results.poll();
    }
    try {
      return results.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return results.poll();
    }
  }

  private void remember(ProbeResult result) {
    Duration keep = result.chain().isPresent() ? ttl : failureTtl;
    cache.remove(result.target()); // re-inserted as the newest
    cache.put(result.target(), new Entry(result.chain(), result.at().plus(keep)));
    for (Iterator<Map.Entry<ProbeTarget, Entry>> oldest = cache.entrySet().iterator();
        cache.size() > maxEntries; ) {
      oldest.next();
      oldest.remove();
    }
  }

  /** Results held now (for tests of the bound). Poll thread only. */
  int cached() {
    return cache.size();
  }

  /** Probes started and not yet drained. Poll thread only. */
  int inFlight() {
    return inFlight.size();
  }

  /** Stops the probes that run (interrupting a virtual thread closes its socket). */
  @Override
  public void close() {
    threads.shutdownNow();
  }
}
