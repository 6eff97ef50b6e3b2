package dev.tcpmap.capture.decode;

import static dev.tcpmap.capture.testing.Packets.ACK;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_ARP;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_IPV4;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_IPV6;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_QINQ;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_QINQ_OLD;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_VLAN;
import static dev.tcpmap.capture.testing.Packets.PSH;
import static dev.tcpmap.capture.testing.Packets.SYN;
import static dev.tcpmap.capture.testing.Packets.TCP;
import static dev.tcpmap.capture.testing.Packets.ethernet;
import static dev.tcpmap.capture.testing.Packets.ipv4;
import static dev.tcpmap.capture.testing.Packets.ipv6;
import static dev.tcpmap.capture.testing.Packets.loopback;
import static dev.tcpmap.capture.testing.Packets.sll;
import static dev.tcpmap.capture.testing.Packets.sll2;
import static dev.tcpmap.capture.testing.Packets.tcp;
import static dev.tcpmap.capture.testing.Packets.vlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.file.LinkTypes;
import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.capture.testing.Packets;
import dev.tcpmap.core.model.IpAddress;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PacketDecoderTest {
  private static final byte[] IPV4_TCP =
      ipv4("10.1.2.3", "192.168.0.9", TCP, tcp(43210, 443, PSH | ACK, 100, 200, new byte[0], 7));
  private static final byte[] IPV6_TCP =
      ipv6("fd00::1", "2001:db8::2", TCP, tcp(43210, 443, PSH | ACK, 100, 200, new byte[0], 7));

  record Case(String name, int linkType, byte[] frame, boolean v6) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> linkLayers() {
    return Stream.of(
        new Case("ethernet ipv4", LinkTypes.ETHERNET, ethernet(ETHERTYPE_IPV4, IPV4_TCP), false),
        new Case("ethernet ipv6", LinkTypes.ETHERNET, ethernet(ETHERTYPE_IPV6, IPV6_TCP), true),
        new Case(
            "802.1Q",
            LinkTypes.ETHERNET,
            ethernet(ETHERTYPE_VLAN, vlan(10, ETHERTYPE_IPV4, IPV4_TCP)),
            false),
        new Case(
            "QinQ 802.1ad",
            LinkTypes.ETHERNET,
            ethernet(ETHERTYPE_QINQ, vlan(100, ETHERTYPE_VLAN, vlan(10, ETHERTYPE_IPV6, IPV6_TCP))),
            true),
        new Case(
            "QinQ 0x9100",
            LinkTypes.ETHERNET,
            ethernet(
                ETHERTYPE_QINQ_OLD, vlan(100, ETHERTYPE_VLAN, vlan(10, ETHERTYPE_IPV4, IPV4_TCP))),
            false),
        new Case("sll ipv4", LinkTypes.LINUX_SLL, sll(ETHERTYPE_IPV4, IPV4_TCP), false),
        new Case(
            "sll vlan",
            LinkTypes.LINUX_SLL,
            sll(ETHERTYPE_VLAN, vlan(5, ETHERTYPE_IPV6, IPV6_TCP)),
            true),
        new Case("sll2 ipv4", LinkTypes.LINUX_SLL2, sll2(ETHERTYPE_IPV4, IPV4_TCP), false),
        new Case("sll2 ipv6", LinkTypes.LINUX_SLL2, sll2(ETHERTYPE_IPV6, IPV6_TCP), true),
        new Case("raw ipv4", LinkTypes.RAW, IPV4_TCP, false),
        new Case("raw ipv6", LinkTypes.RAW, IPV6_TCP, true),
        new Case("ipv4 link type", LinkTypes.IPV4, IPV4_TCP, false),
        new Case("ipv6 link type", LinkTypes.IPV6, IPV6_TCP, true),
        new Case(
            "null little endian",
            LinkTypes.NULL,
            loopback(2, ByteOrder.LITTLE_ENDIAN, IPV4_TCP),
            false),
        new Case(
            "null big endian ipv6 (macOS 30)",
            LinkTypes.NULL,
            loopback(30, ByteOrder.BIG_ENDIAN, IPV6_TCP),
            true),
        new Case(
            "null ipv6 (FreeBSD 28)",
            LinkTypes.NULL,
            loopback(28, ByteOrder.LITTLE_ENDIAN, IPV6_TCP),
            true),
        new Case(
            "loop ipv6 (OpenBSD 24)",
            LinkTypes.LOOP,
            loopback(24, ByteOrder.BIG_ENDIAN, IPV6_TCP),
            true),
        new Case("loop ipv4", LinkTypes.LOOP, loopback(2, ByteOrder.BIG_ENDIAN, IPV4_TCP), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("linkLayers")
  void decode_eachLinkLayer_readsTheTcpSegment(Case c) {
    TcpSegment segment = Decoding.segment(c.linkType(), c.frame());

    assertThat(segment.v6).isEqualTo(c.v6());
    assertThat(segment.source()).isEqualTo(IpAddress.parse(c.v6() ? "fd00::1" : "10.1.2.3"));
    assertThat(segment.destination())
        .isEqualTo(IpAddress.parse(c.v6() ? "2001:db8::2" : "192.168.0.9"));
    assertThat(segment.srcPort).isEqualTo(43210);
    assertThat(segment.dstPort).isEqualTo(443);
    assertThat(segment.seq).isEqualTo(100);
    assertThat(segment.ack).isEqualTo(200);
    assertThat(segment.flags).isEqualTo(PSH | ACK);
    assertThat(segment.payloadLength).isEqualTo(7);
    assertThat(segment.windowScale).isEqualTo(-1);
    assertThat(segment.timestampNanos).isEqualTo(1_700_000_000_123_456_789L);
  }

  @Test
  void decode_ethernetPadding_payloadLengthFromIpHeader() {
    byte[] syn = ethernet(ETHERTYPE_IPV4, ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(1, 2, SYN, 0)));

    TcpSegment segment = Decoding.segment(LinkTypes.ETHERNET, Packets.pad(syn, 60));

    assertThat(syn.length).isEqualTo(54);
    assertThat(segment.payloadLength).isZero();
  }

  @Test
  void decode_arp_isSkipped() {
    Decoding.skipped(LinkTypes.ETHERNET, ethernet(ETHERTYPE_ARP, new byte[28]), "arp");
  }

  @Test
  void decode_llcFrame_isSkipped() {
    Decoding.skipped(LinkTypes.ETHERNET, ethernet(46, new byte[46]), "llc");
  }

  @Test
  void decode_otherEtherType_isSkipped() {
    Decoding.skipped(LinkTypes.ETHERNET, ethernet(0x88CC, new byte[46]), "other-ethertype");
  }

  @Test
  void decode_sllNetlink_isSkipped() {
    byte[] netlink = Packets.with16(sll(0, new byte[20]), 2, 824);

    Decoding.skipped(LinkTypes.LINUX_SLL, netlink, "netlink");
  }

  @Test
  void decode_loopbackUnknownFamily_isSkipped() {
    Decoding.skipped(
        LinkTypes.NULL, loopback(7, ByteOrder.LITTLE_ENDIAN, IPV4_TCP), "other-address-family");
  }

  @Test
  void decode_nineVlanTags_isError() {
    byte[] inner = vlan(9, ETHERTYPE_IPV4, IPV4_TCP);
    for (int i = 0; i < 8; i++) {
      inner = vlan(i, ETHERTYPE_VLAN, inner);
    }

    Decoding.error(LinkTypes.ETHERNET, ethernet(ETHERTYPE_VLAN, inner), "vlan-too-deep");
  }

  @Test
  void decode_truncatedLinkHeaders_areErrors() {
    Decoding.error(LinkTypes.ETHERNET, new byte[13], "ethernet-truncated");
    Decoding.error(LinkTypes.ETHERNET, ethernet(ETHERTYPE_VLAN, new byte[3]), "vlan-truncated");
    Decoding.error(LinkTypes.LINUX_SLL, new byte[15], "sll-truncated");
    Decoding.error(LinkTypes.LINUX_SLL2, new byte[19], "sll2-truncated");
    Decoding.error(LinkTypes.NULL, new byte[3], "loopback-truncated");
    Decoding.error(LinkTypes.RAW, new byte[0], "raw-truncated");
  }

  @Test
  void decode_rawWithBadVersion_isError() {
    Decoding.error(LinkTypes.RAW, Packets.with8(IPV4_TCP, 0, 0x55), "raw-bad-version");
  }

  @Test
  void decode_unsupportedLinkType_countedByNumber() {
    Decoding d = new Decoding();

    d.decode(147, IPV4_TCP);
    d.decode(147, IPV4_TCP);
    d.decode(LinkTypes.RAW, IPV4_TCP);
    d.decode(70_000, IPV4_TCP);

    assertThat(d.decoder.counters().errors())
        .isEqualTo(Map.of("link-type-unsupported-147", 2L, "link-type-invalid", 1L));
    assertThat(d.decoder.counters().packets()).isEqualTo(4);
    assertThat(d.decoder.counters().tcp()).isEqualTo(1);
  }

  @Test
  void decode_lengthsOutsideTheSegment_isErrorNotException() {
    RawPacket packet = Packets.raw(LinkTypes.RAW, IPV4_TCP);
    packet.capturedLength = 1_000;
    PacketDecoder decoder = new PacketDecoder();

    assertThat(decoder.decode(packet, new TcpSegment())).isFalse();
    packet.data = null;
    assertThat(decoder.decode(packet, new TcpSegment())).isFalse();
    packet.data = MemorySegment.ofArray(IPV4_TCP);
    packet.dataOffset = -1;
    packet.capturedLength = 10;
    assertThat(decoder.decode(packet, new TcpSegment())).isFalse();

    assertThat(decoder.counters().errors()).isEqualTo(Map.of("capture-bad-length", 3L));
  }

  @Test
  void counters_manyPackets_countEachKind() {
    Decoding d = new Decoding();
    byte[] frame = ethernet(ETHERTYPE_IPV4, IPV4_TCP);

    for (int i = 0; i < 5; i++) {
      d.decode(LinkTypes.ETHERNET, frame);
    }
    d.decode(LinkTypes.ETHERNET, ethernet(ETHERTYPE_ARP, new byte[28]));
    d.decode(LinkTypes.ETHERNET, new byte[3]);

    DecodeCounters counters = d.decoder.counters();
    assertThat(counters.packets()).isEqualTo(7);
    assertThat(counters.tcp()).isEqualTo(5);
    assertThat(counters.skipped()).isEqualTo(Map.of("arp", 1L));
    assertThat(counters.errors()).isEqualTo(Map.of("ethernet-truncated", 1L));
    assertThat(counters.toString())
        .isEqualTo("packets=7 tcp=5 errors={ethernet-truncated=1} skipped={arp=1}");
  }
}
