package dev.tcpmap.packet.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one datagram of an rtnetlink socket subscribed to {@code RTMGRP_LINK} (netlink(7),
 * rtnetlink(7); {@code include/uapi/linux/netlink.h}, {@code rtnetlink.h}, {@code if_link.h}). All
 * fields are in host byte order; every length is checked against the bytes actually received.
 *
 * <pre>
 *  datagram: one or more messages, each starting at a multiple of 4
 *  ┌─ nlmsghdr (16) ──────────────────────────────────┬─ payload ────────────────────────┐
 *  │ len u32 @0 │ type u16 @4 │ flags u16 @6 │ seq u32 @8 │ pid u32 @12 │ …                │ pad to 4
 *  └──────────────────────────────────────────────────┴──────────────────────────────────┘
 *  RTM_NEWLINK (16) / RTM_DELLINK (17) payload:
 *    ifinfomsg (16): family u8 @0, type u16 @2, index s32 @4, flags u32 @8, change u32 @12
 *    then rtattrs: len u16 @0 (header included), type u16 @2, value, pad to 4;
 *    IFLA_IFNAME (3) holds the name, NUL-terminated
 *  NLMSG_ERROR (2) payload: error s32 (-errno; 0 is an acknowledgement), then the request's header
 *  NLMSG_NOOP (1), NLMSG_DONE (3): nothing for a notification socket; NLMSG_OVERRUN (4): data lost
 * </pre>
 *
 * <p>A length that is too short, runs past the datagram or leaves a partial header ends parsing
 * with one {@link LinkMessage.Malformed} naming the byte; the messages before it are kept. Types
 * other than the above (none are sent to {@code RTMGRP_LINK} today) are skipped by their length.
 * Stateless; never throws for any input.
 */
public final class LinkMessages {
  static final int HEADER = 16;
  static final int NLMSG_NOOP = 1;
  static final int NLMSG_ERROR = 2;
  static final int NLMSG_DONE = 3;
  static final int NLMSG_OVERRUN = 4;
  static final int RTM_NEWLINK = 16;
  static final int RTM_DELLINK = 17;
  static final int IFINFOMSG = 16;
  static final int IFLA_IFNAME = 3;
  static final int IFF_UP = 0x1;
  // NLA_F_NESTED and NLA_F_NET_BYTEORDER share the attribute type field
  private static final int NLA_TYPE_MASK = 0x3fff;

  private LinkMessages() {}

  /** The messages of {@code datagram} (exactly the bytes received), in order. */
  public static List<LinkMessage> parse(MemorySegment datagram) {
    List<LinkMessage> out = new ArrayList<>(2);
    long size = datagram.byteSize();
    long at = 0;
    while (at < size) {
      if (size - at < HEADER) {
        out.add(malformed(at, "%d bytes left, fewer than a header", size - at));
        return out;
      }
      long length = Integer.toUnsignedLong(datagram.get(JAVA_INT_UNALIGNED, at));
      if (length < HEADER || length > size - at) {
        out.add(
            malformed(
                at,
                length < HEADER
                    ? "nlmsg_len %d is shorter than the 16-byte header"
                    : "nlmsg_len %d runs past the end of the datagram",
                length));
        return out;
      }
      LinkMessage message = message(datagram.asSlice(at, length), at);
      if (message != null) {
        out.add(message);
        if (message instanceof LinkMessage.Malformed) {
          return out;
        }
      }
      at += align(length);
    }
    return out;
  }

  /** One message whose length is checked; null for those that say nothing. */
  private static LinkMessage message(MemorySegment message, long at) {
    int type = Short.toUnsignedInt(message.get(JAVA_SHORT_UNALIGNED, 4));
    return switch (type) {
      case RTM_NEWLINK, RTM_DELLINK -> link(message, type, at);
      case NLMSG_ERROR -> error(message, at);
      case NLMSG_OVERRUN -> new LinkMessage.Lost("netlink overrun");
      default -> null; // NLMSG_NOOP, NLMSG_DONE, and types a notification socket does not get
    };
  }

  private static LinkMessage link(MemorySegment message, int type, long at) {
    if (message.byteSize() < HEADER + IFINFOMSG) {
      return malformed(
          at,
          "%s of %d bytes is shorter than its ifinfomsg",
          type == RTM_NEWLINK ? "RTM_NEWLINK" : "RTM_DELLINK",
          message.byteSize());
    }
    int index = message.get(JAVA_INT_UNALIGNED, HEADER + 4);
    int flags = message.get(JAVA_INT_UNALIGNED, HEADER + 8);
    String name = "";
    long attribute = HEADER + IFINFOMSG;
    while (attribute < message.byteSize()) {
      long left = message.byteSize() - attribute;
      int length = left < 4 ? 0 : Short.toUnsignedInt(message.get(JAVA_SHORT_UNALIGNED, attribute));
      if (length < 4 || length > left) {
        return malformed(at + attribute, "rtattr of length %d with %d bytes left", length, left);
      }
      int attributeType = message.get(JAVA_SHORT_UNALIGNED, attribute + 2) & NLA_TYPE_MASK;
      if (attributeType == IFLA_IFNAME) {
        name = string(message.asSlice(attribute + 4, length - 4));
      }
      attribute += align(length);
    }
    return type == RTM_NEWLINK
        ? new LinkMessage.Changed(index, name, (flags & IFF_UP) != 0)
        : new LinkMessage.Removed(index, name);
  }

  private static LinkMessage error(MemorySegment message, long at) {
    if (message.byteSize() < HEADER + 4) {
      return malformed(at, "NLMSG_ERROR of %d bytes has no error code", message.byteSize());
    }
    int error = message.get(JAVA_INT_UNALIGNED, HEADER);
    if (error == 0) {
      return null; // an acknowledgement; a notification socket asks for none
    }
    return new LinkMessage.Lost("NLMSG_ERROR with errno " + -(long) error);
  }

  /** The bytes up to the first NUL (or all of them), as the kernel's names are: UTF-8 or ASCII. */
  private static String string(MemorySegment value) {
    int end = 0;
    while (end < value.byteSize() && value.get(JAVA_BYTE, end) != 0) {
      end++;
    }
    return new String(value.asSlice(0, end).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
  }

  private static long align(long length) {
    return (length + 3) & ~3L;
  }

  private static LinkMessage.Malformed malformed(long at, String format, Object... arguments) {
    return new LinkMessage.Malformed(format.formatted(arguments) + " at byte " + at);
  }
}
