package dev.tcpmap.packet;

import dev.tcpmap.capture.PacketEvents;
import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.LossTotals;
import dev.tcpmap.core.source.Source;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.core.source.SourceStatus.State;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The agent's {@code packet-capture} source: live capture of TLS handshakes and DNS answers on the
 * interfaces {@link CaptureConfig} selects, read by the same packet decode loop as a capture file
 * ({@link PacketEvents}, without counting connections: the socket tracer does that).
 *
 * <pre>
 *   capture thread: packet ─▶ PacketEvents ─▶ TlsHandshakeSeen, DnsAnswer ─▶ sink
 *                   lost, each second: kernel drops, parse problems ─▶ EventsLost ─▶ sink
 * </pre>
 *
 * <p>Capture failing to start (no CAP_NET_RAW, …) is not fatal: the source is {@code failed} with
 * the reason (and {@link #failure} says it for the log) and the agent goes on with its other
 * sources. The sink is called on the capture thread; it must not block for long, since the kernel
 * drops what does not fit in a full ring (counted, {@code capture/kernel-drops}).
 */
public final class PacketCaptureSource implements Source {
  /** The source's name in a status. */
  public static final String NAME = "packet-capture";

  private static final long REPORT_NANOS = 1_000_000_000L;

  private final CaptureConfig config;
  private final Duration idleTimeout;
  private final PacketCaptureFactory factory;
  private PacketEvents events;
  private PacketCaptureFactory.Capture capture;
  private final Map<String, Long> captureLosses = new TreeMap<>();
  private final LossTotals reported = new LossTotals();
  private EventSink sink;
  private long nextReport = System.nanoTime();
  private volatile SourceStatus failed;
  private volatile boolean stopped;

  /**
   * @param idleTimeout a connection followed for its handshake ends after this long without a
   *     packet
   */
  public PacketCaptureSource(
      CaptureConfig config, Duration idleTimeout, PacketCaptureFactory factory) {
    this.config = Objects.requireNonNull(config, "config");
    this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /** Starts capture; never throws for capture failing to start (see {@link #failure}). */
  @Override
  public void start(EventSink sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.events = new PacketEvents(Optional.empty(), idleTimeout, sink);
    try {
      capture = factory.start(config, new Feed());
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      failed = new SourceStatus(NAME, State.FAILED, reason);
    }
  }

  /** Why capture could not start, for one line in the log; empty when it runs. */
  public Optional<String> failure() {
    return Optional.ofNullable(failed).map(SourceStatus::message);
  }

  /**
   * Running with each interface and its state ({@code eth0 capturing, veth1 down: …}), failed with
   * the reason, stopped.
   */
  @Override
  public List<SourceStatus> status() {
    if (failed != null) {
      return List.of(failed);
    }
    if (capture == null) {
      return List.of(new SourceStatus(NAME, State.STOPPED, "not started"));
    }
    return List.of(new SourceStatus(NAME, stopped ? State.STOPPED : State.RUNNING, describe()));
  }

  /**
   * Stops capture, then (the capture thread has ended) ends the connections still followed for
   * their handshakes, reporting what they showed, and reports the last losses. Idempotent.
   */
  @Override
  public void stop() {
    if (capture == null || stopped) {
      return;
    }
    capture.close();
    events.finish();
    report();
    stopped = true;
  }

  private String describe() {
    List<InterfaceStatus> interfaces = capture.interfaces();
    String listed =
        interfaces.isEmpty()
            ? "no interface selected"
            : interfaces.stream()
                .map(
                    i ->
                        i.name()
                            + " "
                            + i.state().name().toLowerCase(Locale.ROOT)
                            + (i.message().isEmpty() ? "" : " (" + i.message() + ")"))
                .collect(Collectors.joining(", "));
    return capture
        .notificationsUnavailable()
        .map(problem -> listed + "; " + problem)
        .orElse(listed);
  }

  /** Losses since capture began: its own, and the parse problems of the decode loop. */
  private void report() {
    Map<String, Long> totals = new TreeMap<>(captureLosses);
    events.tlsProblems().forEach((reason, count) -> totals.put("tls/" + reason, count));
    events.dnsProblems().forEach((reason, count) -> totals.put("dns/" + reason, count));
    reported.report(totals, "capture", sink);
  }

  /** The capture thread's side. */
  private final class Feed implements PacketSink {
    @Override
    public void packet(RawPacket packet) {
      events.packet(packet);
      reportIfDue();
    }

    @Override
    public void lost(String source, long count) {
      captureLosses.merge(source, count, Long::sum);
      reportIfDue();
    }

    /**
     * Ends the followed connections that went quiet (a handshake whose connection carries nothing
     * more is reported within the idle timeout, not at the next packet) and reports losses.
     */
    @Override
    public void tick(long epochNanos) {
      events.advance(epochNanos);
      reportIfDue();
    }

    private void reportIfDue() {
      long now = System.nanoTime();
      if (now - nextReport >= 0) {
        nextReport = now + REPORT_NANOS;
        report();
      }
    }
  }
}
