package dev.tcpmap.packet;

import java.util.List;
import java.util.Optional;

/**
 * Starts the agent's live packet capture: AF_PACKET rings ({@link LiveCapture}) in production, a
 * scripted capture in tests.
 */
@FunctionalInterface
public interface PacketCaptureFactory {
  /**
   * Starts capturing; {@code sink} is then called on the capture's own thread until {@link
   * Capture#close} returns.
   *
   * @throws RuntimeException when capture cannot start at all (no CAP_NET_RAW, a namespace that
   *     cannot be entered), with a one-line message saying why
   */
  Capture start(CaptureConfig config, PacketSink sink);

  /** A running capture. */
  interface Capture extends AutoCloseable {
    /** Every interface capture knows and what it does with it. Any thread. */
    List<InterfaceStatus> interfaces();

    /**
     * Why capture learns of new interfaces only at its periodic rescan (the kernel's link
     * notifications could not be had), or empty. Any thread.
     */
    default Optional<String> notificationsUnavailable() {
      return Optional.empty();
    }

    /** Stops the capture thread: once this returns the sink is not called again. Idempotent. */
    @Override
    void close();
  }

  /** Real capture on this host ({@link LiveCapture}). */
  static PacketCaptureFactory live() {
    return (config, sink) -> of(LiveCapture.start(config, sink));
  }

  /** A started {@link LiveCapture} as a running capture. */
  static Capture of(LiveCapture capture) {
    return new Capture() {
      @Override
      public List<InterfaceStatus> interfaces() {
        return capture.status();
      }

      @Override
      public Optional<String> notificationsUnavailable() {
        return capture.notificationsUnavailable();
      }

      @Override
      public void close() {
        capture.close();
      }
    };
  }
}
