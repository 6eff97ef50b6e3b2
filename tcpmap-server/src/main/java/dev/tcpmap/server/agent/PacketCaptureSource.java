package dev.tcpmap.server.agent;

import dev.tcpmap.aggregate.LiveStore;
import dev.tcpmap.core.config.ConfigException;
import dev.tcpmap.core.config.Settings;
import dev.tcpmap.core.config.TcpmapConfig;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.source.SourceStatus;
import dev.tcpmap.core.source.SourceStatus.State;
import dev.tcpmap.packet.CaptureConfig;
import dev.tcpmap.packet.InterfaceSelection;
import dev.tcpmap.packet.InterfaceStatus;
import dev.tcpmap.packet.linux.RingConfig;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The agent's {@code packet-capture} source: live capture of TLS handshakes and DNS answers
 * (settings {@code capture.*}), its state for {@code /api/v1/status}, and the hand-over of what it
 * saw to the agent's {@link LiveStore}.
 *
 * <p>Capture failing to start (no CAP_NET_RAW, …) is not fatal: the source is {@code failed} with
 * the reason and the agent goes on with its socket sources. {@link #drainTo} runs on the agent's
 * poll thread; {@link #status} on any thread; {@link #close} once, before the last {@link
 * #drainTo}.
 */
public final class PacketCaptureSource {
  static final String NAME = "packet-capture";

  private final CaptureFeed feed;
  private final PacketCaptureFactory.Capture capture;
  private final Map<String, Long> lossTotals = new HashMap<>();
  private volatile SourceStatus failed;
  private volatile boolean closed;

  private PacketCaptureSource(
      CaptureFeed feed, PacketCaptureFactory.Capture capture, SourceStatus failed) {
    this.feed = feed;
    this.capture = capture;
    this.failed = failed;
  }

  /** No live capture ({@code capture.interfaces=none}): no source listed, nothing delivered. */
  public static PacketCaptureSource off() {
    return new PacketCaptureSource(null, null, null);
  }

  /**
   * What {@code capture.*} asks for, or empty for {@code none}.
   *
   * @throws ConfigException naming {@code capture.interfaces} when its value is not a selection
   */
  public static Optional<CaptureConfig> captureConfig(TcpmapConfig config) {
    String interfaces = config.captureInterfaces();
    if (interfaces.equals("none")) {
      return Optional.empty();
    }
    InterfaceSelection selection;
    try {
      selection = InterfaceSelection.parse(interfaces);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Settings.CAPTURE_INTERFACES.key() + ": " + e.getMessage());
    }
    if (config.captureRing() > config.captureMaxRingMemory()) {
      throw new ConfigException(
          Settings.CAPTURE_MAX_RING_MEMORY.key()
              + ": smaller than one ring ("
              + Settings.CAPTURE_RING.key()
              + " "
              + (config.captureRing() >> 10)
              + "Ki)");
    }
    return Optional.of(
        CaptureConfig.of(selection)
            .withRescanPeriod(config.captureRescanEvery())
            .withRing(RingConfig.ofBytes(config.captureRing()))
            .withMaxRingBytes(config.captureMaxRingMemory())
            .withTlsPorts(config.captureTlsPorts()));
  }

  /**
   * Starts capture as {@code capture} says. Never throws for capture failing to start: the source
   * is then {@code failed} with the reason, which is also logged as one line.
   */
  public static PacketCaptureSource start(
      CaptureConfig capture, TcpmapConfig config, PacketCaptureFactory factory, PrintStream log) {
    CaptureFeed feed = new CaptureFeed(CaptureFeed.QUEUE_CAPACITY, config.idleTimeout());
    try {
      return new PacketCaptureSource(feed, factory.start(capture, feed), null);
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      log.println("tcpmap: " + NAME + " failed: " + reason);
      return new PacketCaptureSource(null, null, new SourceStatus(NAME, State.FAILED, reason));
    }
  }

  /**
   * Running with each interface and its state ({@code eth0 capturing, veth1 down: …}), failed with
   * the reason, stopped; empty when capture is off.
   */
  public Optional<SourceStatus> status() {
    if (failed != null) {
      return Optional.of(failed);
    }
    if (capture == null) {
      return Optional.empty();
    }
    return Optional.of(
        new SourceStatus(NAME, closed ? State.STOPPED : State.RUNNING, describe(capture)));
  }

  /**
   * Moves the handshakes, names and new losses seen so far into {@code store}. The store's writer
   * thread only.
   */
  public void drainTo(LiveStore store) {
    if (feed == null) {
      return;
    }
    feed.drainTo(store);
    feed.lossTotals()
        .forEach(
            (token, total) -> {
              long delta = total - lossTotals.getOrDefault(token, 0L);
              if (delta > 0) {
                int slash = token.indexOf('/');
                store.accept(
                    new EventsLost(token.substring(0, slash), token.substring(slash + 1), delta));
                lossTotals.put(token, total);
              }
            });
  }

  /**
   * Stops capture and ends the connections the collector still follows, reporting what they showed:
   * a {@link #drainTo} afterwards takes it. Idempotent.
   */
  public void close() {
    if (capture == null || closed) {
      return;
    }
    capture.close();
    // The capture thread has ended: the feed is this thread's now.
    feed.finish();
    closed = true;
  }

  private static String describe(PacketCaptureFactory.Capture capture) {
    List<InterfaceStatus> interfaces = capture.interfaces();
    if (interfaces.isEmpty()) {
      return "no interface selected";
    }
    return interfaces.stream()
        .map(
            i ->
                i.name()
                    + " "
                    + i.state().name().toLowerCase(Locale.ROOT)
                    + (i.message().isEmpty() ? "" : " (" + i.message() + ")"))
        .collect(Collectors.joining(", "));
  }
}
