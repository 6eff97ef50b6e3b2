package dev.tcpmap.packet;

import dev.tcpmap.packet.linux.LinkMessage;
import dev.tcpmap.packet.linux.LinkNotifications;
import dev.tcpmap.packet.linux.PacketException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Tells live capture when to read the interface list again: at once when the kernel's link
 * notifications ({@link LinkNotifications}) say an interface appeared, changed or went. A new pod's
 * veth is then captured a few milliseconds after it comes up, before the pod's first DNS query or
 * TLS handshake, where the periodic rescan ({@link CaptureConfig#rescanPeriod()}, 10 s by default)
 * would have missed the first seconds of a short Job. The periodic rescan stays as the safety net.
 *
 * <p>Every message means "rescan", a cheap diff of the kernel's list against the table ({@link
 * InterfaceTable#scan}); the messages themselves are only logged (debug level). Lost notifications
 * (an overrun) and malformed ones rescan too: what changed is then unknown. If the socket cannot be
 * opened, or fails later, that is logged once and reported by {@link #problem()}, and capture goes
 * on with the periodic rescan only.
 *
 * <p>Owned by the capture thread, except {@link #problem()} (any thread).
 */
final class InterfaceWatch implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.tcpmap.packet");

  private final Duration rescanPeriod;
  private LinkNotifications notifications;
  private volatile String problem;
  private long malformed;

  /**
   * Opens the notifications with {@code opener} on the calling thread (so in its network
   * namespace); a {@link PacketException} from it is logged and kept as the {@link #problem()}.
   */
  InterfaceWatch(Supplier<LinkNotifications> opener, Duration rescanPeriod) {
    this.rescanPeriod = rescanPeriod;
    try {
      notifications = opener.get();
    } catch (PacketException e) {
      unavailable(e.getMessage());
    }
  }

  /** The socket to poll with the rings, or -1 when there are no notifications. */
  int fd() {
    return notifications == null ? -1 : notifications.fd();
  }

  /**
   * Reads every pending notification when {@code pollEvents} (of {@link #fd()} in the last poll)
   * says there are any; true when the interfaces should be rescanned now.
   */
  boolean changed(int pollEvents) {
    if (pollEvents == 0 || notifications == null) {
      return false;
    }
    List<LinkMessage> messages;
    try {
      messages = notifications.drain();
    } catch (PacketException e) {
      close();
      unavailable(e.getMessage());
      return true;
    }
    for (LinkMessage message : messages) {
      log(message);
    }
    return !messages.isEmpty();
  }

  /**
   * Why new interfaces wait for the periodic rescan, as logged; empty while notifications work.
   * Thread-safe.
   */
  Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  @Override
  public void close() {
    if (notifications != null) {
      notifications.close();
      notifications = null;
    }
  }

  private void log(LinkMessage message) {
    switch (message) {
      case LinkMessage.Changed changed ->
          LOG.log(
              System.Logger.Level.DEBUG,
              "link notification: {0} (index {1}) {2}",
              changed.name(),
              changed.index(),
              changed.up() ? "up" : "down");
      case LinkMessage.Removed removed ->
          LOG.log(
              System.Logger.Level.DEBUG,
              "link notification: {0} (index {1}) removed",
              removed.name(),
              removed.index());
      case LinkMessage.Lost lost ->
          LOG.log(System.Logger.Level.DEBUG, "link notifications lost: {0}", lost.reason());
      case LinkMessage.Malformed bad ->
          LOG.log(
              malformed++ == 0 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
              "malformed link notification, rescanning (further ones at debug level): {0}",
              bad.reason());
    }
  }

  private void unavailable(String reason) {
    problem =
        "no link notifications, new interfaces wait for the rescan every %s: %s"
            .formatted(text(rescanPeriod), reason);
    LOG.log(System.Logger.Level.WARNING, problem);
  }

  private static String text(Duration period) {
    return period.toMillis() % 1000 == 0 ? period.toSeconds() + "s" : period.toMillis() + "ms";
  }
}
