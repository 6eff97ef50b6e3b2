package dev.tcpmap.enrich.probe;

import dev.tcpmap.core.event.CertificateProbed;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.EventStage;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.event.TlsHandshakeSeen;
import dev.tcpmap.core.source.Source;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.core.tls.CertificateChain;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The agent's certificate probes: chains for the handshakes that carried none (TLS 1.3), fetched
 * off the event path and cached per (server IP, port, SNI). A stage of the event path and a source
 * of {@link CertificateProbed} events at once.
 *
 * <pre>
 *   event path (stage)                      probe threads (virtual, at most maxInFlight)
 *     TlsHandshakeSeen: cached chain? attach it ───────────────────────┐
 *                       else start a probe ─▶ probe(target) ─▶ CertificateProbed ─▶ the sink
 *     CertificateProbed ◀───────────────────────────────────────────────┘
 *       cached; a chain goes on (the aggregator attaches it), a failure is loss tls-probe/&lt;reason&gt;
 * </pre>
 *
 * <p>Threading: {@link #accept} runs on the event path, one event at a time; the cache and the set
 * of targets in flight are its alone. A target is in flight from the probe's start until its result
 * comes back through the event path, so there is at most one probe per target. More than {@code
 * maxInFlight} targets at once are not probed (counted as {@code tls-probe/busy}); a later
 * handshake to them tries again.
 *
 * <p>Memory: at most {@code maxEntries} results (the oldest forgotten first), {@code maxInFlight}
 * threads and queued results. A chain is kept for {@code ttl}, a failure for a tenth of it (at most
 * 5 minutes), so that a dead server is not connected to on each of its handshakes.
 */
public final class CertificateProbes implements EventStage, Source {
  /** Loss source of failed probes: {@code tls-probe/<reason>}. */
  public static final String SOURCE = "tls-probe";

  /** How many probes may run at once: enough for a node's new servers, few enough to be polite. */
  public static final int MAX_IN_FLIGHT = 32;

  private static final Duration MAX_FAILURE_TTL = Duration.ofMinutes(5);

  private record Entry(Optional<CertificateChain> chain, Instant expires) {}

  private final Function<ProbeTarget, CertificateProbed> probe;
  private final ProbeSockets sockets;
  private final Duration ttl;
  private final Duration failureTtl;
  private final int maxEntries;
  private final int maxInFlight;
  private final InstantSource clock;
  private final LinkedHashMap<ProbeTarget, Entry> cache = new LinkedHashMap<>();
  private final Set<ProbeTarget> inFlight = new HashSet<>();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private volatile EventSink results = event -> {};
  private volatile boolean stopped;
  private long started;

  /**
   * @param probe one probe, run on a probe thread; a {@link RuntimeException} from it counts as
   *     failure {@code error}
   * @param ttl how long a chain is used before its server is probed again
   * @param maxEntries most results kept
   * @param maxInFlight most probes at once
   */
  public CertificateProbes(
      Function<ProbeTarget, CertificateProbed> probe,
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
      Function<ProbeTarget, CertificateProbed> probe,
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
  }

  /** Probe results go to {@code sink} (the pipeline, which brings them back to {@link #accept}). */
  @Override
  public void start(EventSink sink) {
    results = Objects.requireNonNull(sink, "sink");
  }

  /** Probes have no state of their own to show; their failures are counted as losses. */
  @Override
  public List<SourceStatus> status() {
    return List.of();
  }

  @Override
  public void accept(Event event, Downstream next) {
    switch (event) {
      case TlsHandshakeSeen seen ->
          complete(seen.handshake(), next)
              .ifPresentOrElse(
                  h -> next.accept(new TlsHandshakeSeen(h)), () -> next.count("probe-handshake"));
      case CertificateProbed result -> {
        ProbeTarget target = ProbeTarget.of(result);
        if (!inFlight.remove(target)) {
          next.accept(result); // not one of ours (a test's, a replay's): pass it on as it is
          return;
        }
        remember(target, result);
        next.accept(
            result.chain().isPresent() ? result : new EventsLost(SOURCE, result.failure(), 1));
      }
      default -> next.accept(event);
    }
  }

  /**
   * {@code h} with the cached chain of its server when it carries none and one is fresh; else
   * {@code h}, and a probe of its server is started unless one runs or a failure is fresh. Empty
   * for the handshake of one of the probes' own connections (see {@link ProbeSockets}). Only a
   * negotiated handshake without a chain is probed for (one the server did not answer has nothing
   * to learn from). The event path's; never blocks, never throws for what a handshake holds.
   */
  Optional<TlsHandshake> complete(TlsHandshake h, EventSink next) {
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
    probe(target, next);
    return Optional.of(h);
  }

  private void probe(ProbeTarget target, EventSink next) {
    if (inFlight.contains(target) || stopped) {
      return;
    }
    if (inFlight.size() >= maxInFlight) {
      next.accept(new EventsLost(SOURCE, "busy", 1));
      return;
    }
    inFlight.add(target);
    started++;
    threads.execute(
        () -> {
          CertificateProbed result = run(target);
          if (!stopped) {
            results.accept(result);
          }
        });
  }

  private CertificateProbed run(ProbeTarget target) {
    try {
      return probe.apply(target);
    } catch (RuntimeException e) {
      return target.failed(clock.instant(), "error");
    }
  }

  private void remember(ProbeTarget target, CertificateProbed result) {
    Duration keep = result.chain().isPresent() ? ttl : failureTtl;
    cache.remove(target); // re-inserted as the newest
    cache.put(target, new Entry(result.chain(), result.at().plus(keep)));
    for (Iterator<Map.Entry<ProbeTarget, Entry>> oldest = cache.entrySet().iterator();
        cache.size() > maxEntries; ) {
      oldest.next();
      oldest.remove();
    }
  }

  /** Results held now (for tests of the bound). The event path's. */
  int cached() {
    return cache.size();
  }

  /** Probes started so far (for tests). The event path's. */
  long started() {
    return started;
  }

  /** Probes started whose result has not come back. The event path's. */
  int inFlight() {
    return inFlight.size();
  }

  /**
   * Stops the probes that run (interrupting a virtual thread closes its socket); their results are
   * not delivered. Idempotent.
   */
  @Override
  public void stop() {
    stopped = true;
    threads.shutdownNow();
  }
}
