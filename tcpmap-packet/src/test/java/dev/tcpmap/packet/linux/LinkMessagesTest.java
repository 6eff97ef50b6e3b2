package dev.tcpmap.packet.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LinkMessagesTest {
  private static final int IFLA_MTU = 4;

  @Test
  void parse_newLink_changedWithIndexNameAndUp() {
    byte[] datagram = newLink(LinkMessages.RTM_NEWLINK, 7, 0x1 | 0x10000, "tmpod0");

    assertThat(parse(datagram)).containsExactly(new LinkMessage.Changed(7, "tmpod0", true));
  }

  @Test
  void parse_newLinkDown_changedNotUp() {
    assertThat(parse(newLink(LinkMessages.RTM_NEWLINK, 3, 0x1000, "eth1")))
        .containsExactly(new LinkMessage.Changed(3, "eth1", false));
  }

  @Test
  void parse_delLink_removed() {
    assertThat(parse(newLink(LinkMessages.RTM_DELLINK, 9, 0, "veth12ab34cd")))
        .containsExactly(new LinkMessage.Removed(9, "veth12ab34cd"));
  }

  @Test
  void parse_severalMessagesInOneDatagram_allInOrder() {
    byte[] datagram =
        concat(
            newLink(LinkMessages.RTM_NEWLINK, 5, 0, "a"), // 1-byte name: padded attribute
            message(LinkMessages.NLMSG_NOOP, new byte[0]),
            newLink(LinkMessages.RTM_DELLINK, 6, 0, "bb"),
            message(LinkMessages.NLMSG_DONE, new byte[4]),
            newLink(LinkMessages.RTM_NEWLINK, 8, 1, "tmpod12"));

    assertThat(parse(datagram))
        .containsExactly(
            new LinkMessage.Changed(5, "a", false),
            new LinkMessage.Removed(6, "bb"),
            new LinkMessage.Changed(8, "tmpod12", true));
  }

  @Test
  void parse_lastMessageUnpadded_parses() {
    // nlmsg_len 18: the next message would start at 20, past the end; nothing is missing
    byte[] datagram = message(LinkMessages.NLMSG_NOOP, new byte[2]);
    byte[] both = concat(newLink(LinkMessages.RTM_NEWLINK, 1, 1, "lo"), datagram);

    assertThat(datagram).hasSize(18);
    assertThat(parse(both)).containsExactly(new LinkMessage.Changed(1, "lo", true));
  }

  @Test
  void parse_attributesBesidesTheName_skippedByTheirLength() {
    byte[] datagram =
        message(
            LinkMessages.RTM_NEWLINK,
            concat(
                ifinfo(4, 1),
                attribute(IFLA_MTU, int32(1500)),
                attribute(LinkMessages.IFLA_IFNAME | 0x8000, cString("x0")), // NLA_F_NESTED set
                attribute(IFLA_MTU, new byte[0])));

    assertThat(parse(datagram)).containsExactly(new LinkMessage.Changed(4, "x0", true));
  }

  @Test
  void parse_noNameAttribute_emptyName() {
    assertThat(parse(message(LinkMessages.RTM_DELLINK, ifinfo(12, 0))))
        .containsExactly(new LinkMessage.Removed(12, ""));
  }

  @Test
  void parse_nameWithoutNul_wholeAttribute() {
    byte[] datagram =
        message(
            LinkMessages.RTM_NEWLINK,
            concat(ifinfo(2, 0), attribute(LinkMessages.IFLA_IFNAME, ascii("eth0"))));

    assertThat(parse(datagram)).containsExactly(new LinkMessage.Changed(2, "eth0", false));
  }

  @Test
  void parse_overrunAndErrors_lostAndAcknowledgementSkipped() {
    byte[] datagram =
        concat(
            message(LinkMessages.NLMSG_OVERRUN, new byte[0]),
            message(LinkMessages.NLMSG_ERROR, concat(int32(0), new byte[16])),
            message(LinkMessages.NLMSG_ERROR, concat(int32(-105), new byte[16])));

    assertThat(parse(datagram))
        .containsExactly(
            new LinkMessage.Lost("netlink overrun"),
            new LinkMessage.Lost("NLMSG_ERROR with errno 105"));
  }

  @Test
  void parse_unknownType_skipped() {
    byte[] datagram =
        concat(
            message(20, new byte[40]), // RTM_NEWADDR: not for RTMGRP_LINK, but harmless
            newLink(LinkMessages.RTM_NEWLINK, 2, 1, "eth0"));

    assertThat(parse(datagram)).containsExactly(new LinkMessage.Changed(2, "eth0", true));
  }

  @Test
  void parse_empty_nothing() {
    assertThat(parse(new byte[0])).isEmpty();
  }

  /** A broken datagram and the one message it parses to (after the good messages before it). */
  record Broken(String name, byte[] datagram, List<LinkMessage> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Broken> broken() {
    byte[] good = newLink(LinkMessages.RTM_NEWLINK, 5, 1, "eth0");
    LinkMessage five = new LinkMessage.Changed(5, "eth0", true);
    int at = good.length;
    return Stream.of(
        new Broken(
            "shorter than a header",
            new byte[10],
            List.of(malformed("10 bytes left, fewer than a header at byte 0"))),
        new Broken(
            "trailing bytes",
            concat(good, new byte[6]),
            List.of(five, malformed("6 bytes left, fewer than a header at byte " + at))),
        new Broken(
            "nlmsg_len 0 (would loop forever if trusted)",
            withLength(message(LinkMessages.NLMSG_NOOP, new byte[8]), 0),
            List.of(malformed("nlmsg_len 0 is shorter than the 16-byte header at byte 0"))),
        new Broken(
            "nlmsg_len below the header",
            concat(good, withLength(message(LinkMessages.NLMSG_NOOP, new byte[0]), 12)),
            List.of(
                five, malformed("nlmsg_len 12 is shorter than the 16-byte header at byte " + at))),
        new Broken(
            "truncated: nlmsg_len past the end",
            concat(good, Arrays.copyOf(good, good.length - 3)),
            List.of(
                five,
                malformed(
                    "nlmsg_len %d runs past the end of the datagram at byte %d"
                        .formatted(good.length, at)))),
        new Broken(
            "nlmsg_len 0xffffffff (negative if read signed)",
            withLength(good, -1),
            List.of(malformed("nlmsg_len 4294967295 runs past the end of the datagram at byte 0"))),
        new Broken(
            "link message without ifinfomsg",
            message(LinkMessages.RTM_DELLINK, new byte[12]),
            List.of(malformed("RTM_DELLINK of 28 bytes is shorter than its ifinfomsg at byte 0"))),
        new Broken(
            "rtattr length below its header",
            message(
                LinkMessages.RTM_NEWLINK, concat(ifinfo(1, 0), new byte[] {2, 0, 3, 0}, int32(0))),
            List.of(malformed("rtattr of length 2 with 8 bytes left at byte 32"))),
        new Broken(
            "rtattr past the end of its message",
            message(
                LinkMessages.RTM_NEWLINK,
                concat(ifinfo(1, 0), new byte[] {(byte) 200, 0, 3, 0}, ascii("eth0"))),
            List.of(malformed("rtattr of length 200 with 8 bytes left at byte 32"))),
        new Broken(
            "partial rtattr header",
            message(LinkMessages.RTM_NEWLINK, concat(ifinfo(1, 0), new byte[] {8, 0})),
            List.of(malformed("rtattr of length 0 with 2 bytes left at byte 32"))),
        new Broken(
            "NLMSG_ERROR without its code",
            message(LinkMessages.NLMSG_ERROR, new byte[2]),
            List.of(malformed("NLMSG_ERROR of 18 bytes has no error code at byte 0"))),
        new Broken(
            "a good message after a broken one is not trusted",
            concat(withLength(message(LinkMessages.NLMSG_NOOP, new byte[0]), 4), good),
            List.of(malformed("nlmsg_len 4 is shorter than the 16-byte header at byte 0"))));
  }

  @ParameterizedTest
  @MethodSource("broken")
  void parse_broken_keepsWhatCameBeforeAndSaysWhereItBroke(Broken broken) {
    assertThat(parse(broken.datagram())).isEqualTo(broken.expected());
  }

  @Test
  void parse_everyPrefixOfAGoodDatagram_goodMessagesThenAtMostOneMalformed() {
    byte[] datagram =
        concat(
            newLink(LinkMessages.RTM_NEWLINK, 5, 1, "eth0"),
            newLink(LinkMessages.RTM_DELLINK, 6, 0, "tmpod0"));

    IntStream.rangeClosed(0, datagram.length)
        .forEach(
            length -> {
              assertGoodThenAtMostOneMalformed(
                  parse(Arrays.copyOf(datagram, length)), "prefix of " + length + " bytes");
            });
  }

  @Test
  void parse_randomlyDamaged_neverThrows() {
    Random random = new Random(20_250_801L);
    byte[] seed = newLink(LinkMessages.RTM_NEWLINK, 5, 1, "eth0");
    for (int i = 0; i < 20_000; i++) {
      byte[] datagram = Arrays.copyOf(seed, 1 + random.nextInt(seed.length + 8));
      for (int flips = random.nextInt(4); flips >= 0; flips--) {
        datagram[random.nextInt(datagram.length)] = (byte) random.nextInt();
      }
      assertGoodThenAtMostOneMalformed(parse(datagram), HexFormat.of().formatHex(datagram));
    }
  }

  private static void assertGoodThenAtMostOneMalformed(List<LinkMessage> messages, String input) {
    long malformed = messages.stream().filter(LinkMessage.Malformed.class::isInstance).count();
    assertThat(malformed).as(input).isLessThanOrEqualTo(1);
    if (malformed == 1) {
      assertThat(messages.getLast()).as(input).isInstanceOf(LinkMessage.Malformed.class);
    }
  }

  private static List<LinkMessage> parse(byte[] datagram) {
    return LinkMessages.parse(MemorySegment.ofArray(datagram));
  }

  private static LinkMessage malformed(String reason) {
    return new LinkMessage.Malformed(reason);
  }

  /** An RTM_NEWLINK or RTM_DELLINK as the kernel sends it: ifinfomsg, then IFLA_IFNAME. */
  private static byte[] newLink(int type, int index, int flags, String name) {
    return message(
        type, concat(ifinfo(index, flags), attribute(LinkMessages.IFLA_IFNAME, cString(name))));
  }

  /** A netlink message: nlmsghdr with the exact length (unpadded), then {@code payload}. */
  private static byte[] message(int type, byte[] payload) {
    ByteBuffer b = buffer(LinkMessages.HEADER + payload.length);
    b.putInt(LinkMessages.HEADER + payload.length).putShort((short) type).putShort((short) 0);
    b.putInt(0).putInt(0).put(payload);
    return b.array();
  }

  /** {@code message} padded to 4 bytes, as messages are within a datagram. */
  private static byte[] padded(byte[] message) {
    return Arrays.copyOf(message, (message.length + 3) & ~3);
  }

  private static byte[] ifinfo(int index, int flags) {
    // family AF_UNSPEC, pad, type ARPHRD_ETHER, index, flags, change
    return buffer(16)
        .put((byte) 0)
        .put((byte) 0)
        .putShort((short) 1)
        .putInt(index)
        .putInt(flags)
        .putInt(-1)
        .array();
  }

  private static byte[] attribute(int type, byte[] value) {
    ByteBuffer b = buffer(4 + value.length);
    b.putShort((short) (4 + value.length)).putShort((short) type).put(value);
    return padded(b.array());
  }

  private static byte[] withLength(byte[] message, int length) {
    byte[] copy = message.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()).putInt(0, length);
    return copy;
  }

  private static byte[] int32(int value) {
    return buffer(4).putInt(value).array();
  }

  private static byte[] cString(String text) {
    return Arrays.copyOf(ascii(text), text.length() + 1);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Messages laid one after the other, each but the last padded to 4 bytes. */
  private static byte[] concat(byte[]... parts) {
    ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length + 3).sum());
    for (int i = 0; i < parts.length; i++) {
      out.put(i == parts.length - 1 ? parts[i] : padded(parts[i]));
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  private static ByteBuffer buffer(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
  }
}
