package dev.tcpmap.packet.linux;

import dev.tcpmap.linux.NativeException;

/**
 * A capture socket or the host it runs on refused something. The message is for the user as is:
 * what failed, on which interface, the C library's text for {@link #errno()}, and where there is
 * one, the fix. Callers print the message, never the stack trace.
 */
public class PacketException extends NativeException {
  private static final long serialVersionUID = 1L;

  /** What failed. */
  public enum Kind {
    /** No CAP_NET_RAW (EPERM/EACCES from socket(AF_PACKET)). */
    PERMISSION,
    /** The interface does not exist (any more). */
    NO_SUCH_INTERFACE,
    /** The interface exists but is down. */
    INTERFACE_DOWN,
    /** The ring could not be set up or mapped (memory, limits). */
    RING_FAILED,
    /** The kernel refused the packet filter. */
    FILTER_FAILED,
    /** Another socket call failed. */
    SOCKET_FAILED,
    /** A network namespace could not be entered. */
    NAMESPACE_FAILED
  }

  public PacketException(Kind kind, int errno, String message) {
    super(kind, errno, message);
  }

  @Override
  public Kind kind() {
    return (Kind) super.kind();
  }
}
