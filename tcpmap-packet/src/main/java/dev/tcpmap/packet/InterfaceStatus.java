package dev.tcpmap.packet;

/**
 * One interface's capture state, for the status endpoint.
 *
 * @param name the interface name
 * @param state what capture does with it now
 * @param message why, for states other than {@link State#CAPTURING}: the kernel's or the
 *     configuration's reason, as logged
 * @param packets packets handed to the sink from this interface since capture began on it (summed
 *     over reopenings)
 * @param drops packets the kernel dropped for want of ring space on this interface
 * @param kernelPackets packets the kernel passed through the filter on this interface, drops
 *     included ({@code tp_packets}): {@code packets + drops} once capture is closed
 */
public record InterfaceStatus(
    String name, State state, String message, long packets, long drops, long kernelPackets) {
  /** What capture does with an interface. */
  public enum State {
    /** A ring is open and packets are delivered. */
    CAPTURING,
    /** The interface exists but is administratively down; reopened when it comes up. */
    DOWN,
    /** The interface vanished since the last scan; forgotten at the next. */
    GONE,
    /** Opening failed (message says why); retried at the next scan. */
    FAILED
  }

  public InterfaceStatus {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("interface name is empty");
    }
    if (state == null) {
      throw new IllegalArgumentException("state is null for " + name);
    }
    message = message == null ? "" : message;
    if (packets < 0 || drops < 0 || kernelPackets < 0) {
      throw new IllegalArgumentException(
          "negative count for " + name + ": " + packets + ", " + drops);
    }
  }
}
