package dev.tcpmap.packet.linux;

/**
 * One message read from the kernel's link notifications ({@link LinkNotifications}). Every kind
 * means the same to capture — rescan the interfaces — and differs only in what is logged: the
 * kernel's list is the truth, a message only says when to read it again.
 */
public sealed interface LinkMessage {
  /**
   * {@code RTM_NEWLINK}: an interface appeared or changed (up, down, carrier, name, MTU).
   *
   * @param index the ifindex
   * @param name {@code IFLA_IFNAME}, or "" when the message has none
   * @param up {@code IFF_UP} in {@code ifi_flags}
   */
  record Changed(int index, String name, boolean up) implements LinkMessage {}

  /**
   * {@code RTM_DELLINK}: an interface was deleted (or moved to another namespace).
   *
   * @param index the ifindex it had
   * @param name {@code IFLA_IFNAME}, or "" when the message has none
   */
  record Removed(int index, String name) implements LinkMessage {}

  /**
   * Notifications were lost: the socket's receive buffer overflowed ({@code ENOBUFS} from {@code
   * recv}, {@code NLMSG_OVERRUN}) or the kernel sent an {@code NLMSG_ERROR}. What changed meanwhile
   * is unknown, so only a full rescan can catch up.
   *
   * @param reason what the kernel said, e.g. "No buffer space available"
   */
  record Lost(String reason) implements LinkMessage {}

  /**
   * A datagram that does not parse from here on; the rest of it is skipped (its lengths cannot be
   * trusted).
   *
   * @param reason what is wrong and at which byte of the datagram, e.g. "nlmsg_len 8 is shorter
   *     than the 16-byte header at byte 0"
   */
  record Malformed(String reason) implements LinkMessage {}
}
