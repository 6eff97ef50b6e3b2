package dev.tcpmap.capture.decode;

import static dev.tcpmap.capture.testing.Packets.ICMP;
import static dev.tcpmap.capture.testing.Packets.ICMPV6;
import static dev.tcpmap.capture.testing.Packets.SYN;
import static dev.tcpmap.capture.testing.Packets.TCP;
import static dev.tcpmap.capture.testing.Packets.UDP;
import static dev.tcpmap.capture.testing.Packets.cut;
import static dev.tcpmap.capture.testing.Packets.icmp;
import static dev.tcpmap.capture.testing.Packets.ipv4;
import static dev.tcpmap.capture.testing.Packets.ipv6;
import static dev.tcpmap.capture.testing.Packets.ipv6Extension;
import static dev.tcpmap.capture.testing.Packets.ipv6Fragment;
import static dev.tcpmap.capture.testing.Packets.tcp;
import static dev.tcpmap.capture.testing.Packets.udp;
import static dev.tcpmap.capture.testing.Packets.with8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.file.LinkTypes;
import dev.tcpmap.capture.testing.Packets;
import dev.tcpmap.core.model.IpAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IcmpDecoderTest {
  private static final byte[] DATAGRAM =
      ipv4("10.0.0.1", "10.0.0.2", UDP, udp(40000, 9999, new byte[100]));

  private final PacketDecoder decoder = new PacketDecoder();
  private final TcpSegment out = new TcpSegment();

  private int decode(byte[] packet) {
    return decoder.decodeTransport(Packets.raw(LinkTypes.RAW, packet), out);
  }

  @Test
  void portUnreachable_quotingUdp_handsOverTheQuotedTupleAndTheReporter() {
    byte[] error = ipv4("10.0.0.2", "10.0.0.1", ICMP, icmp(3, 3, cut(DATAGRAM, 28)));

    assertThat(decode(error)).isEqualTo(PacketDecoder.ICMP_ERROR);
    assertThat(out.source()).isEqualTo(IpAddress.parse("10.0.0.1"));
    assertThat(out.destination()).isEqualTo(IpAddress.parse("10.0.0.2"));
    assertThat(out.srcPort).isEqualTo(40000);
    assertThat(out.dstPort).isEqualTo(9999);
    assertThat(out.quotedProtocol).isEqualTo(UDP);
    assertThat(out.icmpType).isEqualTo(3);
    assertThat(out.icmpCode).isEqualTo(3);
    assertThat(out.reporter()).isEqualTo(IpAddress.parse("10.0.0.2"));
    assertThat(decoder.counters().skipped()).isEqualTo(Map.of("icmp-error", 1L));
  }

  @Test
  void icmpv6Unreachable_quotingTcpBehindAnExtensionHeader_handsOverTheQuotedTuple() {
    byte[] syn =
        ipv6(
            "fd00::1",
            "fd00::2",
            Packets.DESTINATION_OPTIONS,
            ipv6Extension(TCP, 1, tcp(41000, 443, SYN, 0)));
    byte[] error = ipv6("fd00::9", "fd00::1", ICMPV6, icmp(1, 1, syn));

    assertThat(decode(error)).isEqualTo(PacketDecoder.ICMP_ERROR);
    assertThat(out.v6).isTrue();
    assertThat(out.source()).isEqualTo(IpAddress.parse("fd00::1"));
    assertThat(out.destination()).isEqualTo(IpAddress.parse("fd00::2"));
    assertThat(out.srcPort).isEqualTo(41000);
    assertThat(out.dstPort).isEqualTo(443);
    assertThat(out.quotedProtocol).isEqualTo(TCP);
    assertThat(out.reporter()).isEqualTo(IpAddress.parse("fd00::9"));
  }

  @Test
  void echoRequest_isSkippedAsIcmp() {
    assertThat(decode(ipv4("10.0.0.1", "10.0.0.2", ICMP, icmp(8, 0, new byte[56]))))
        .isEqualTo(PacketDecoder.OTHER);
    assertThat(decoder.counters().skipped()).isEqualTo(Map.of("icmp", 1L));
  }

  @Test
  void quoteOfAnotherProtocol_isSkipped() {
    byte[] ping = ipv4("10.0.0.1", "10.0.0.2", ICMP, icmp(8, 0, new byte[8]));
    decode(ipv4("10.0.0.3", "10.0.0.1", ICMP, icmp(11, 0, ping)));
    assertThat(decoder.counters().skipped()).isEqualTo(Map.of("icmp", 1L));
  }

  @Test
  void quoteOfANonFirstFragment_isSkipped() {
    byte[] fragment =
        ipv6("fd00::1", "fd00::2", Packets.FRAGMENT, ipv6Fragment(UDP, 8, false, new byte[16]));
    decode(ipv6("fd00::2", "fd00::1", ICMPV6, icmp(1, 4, fragment)));
    assertThat(decoder.counters().skipped()).isEqualTo(Map.of("icmpv6", 1L));
  }

  @Test
  void quoteWithoutThePorts_isCountedTruncated() {
    decode(ipv4("10.0.0.2", "10.0.0.1", ICMP, icmp(3, 3, cut(DATAGRAM, 22))));
    assertThat(decoder.counters().errors()).isEqualTo(Map.of("icmp-quote-truncated", 1L));
  }

  @Test
  void quoteOfTheWrongVersion_isCountedBadVersion() {
    decode(ipv4("10.0.0.2", "10.0.0.1", ICMP, icmp(3, 3, with8(cut(DATAGRAM, 28), 0, 0x65))));
    assertThat(decoder.counters().errors()).isEqualTo(Map.of("icmp-quote-bad-version", 1L));
  }

  @Test
  void quoteWithAShortHeaderLength_isCountedBadHeaderLength() {
    decode(ipv4("10.0.0.2", "10.0.0.1", ICMP, icmp(3, 3, with8(cut(DATAGRAM, 28), 0, 0x44))));
    assertThat(decoder.counters().errors()).isEqualTo(Map.of("icmp-quote-bad-header-length", 1L));
  }

  @Test
  void icmpHeaderCut_isCountedTruncated() {
    decode(ipv4("10.0.0.2", "10.0.0.1", ICMP, new byte[] {3, 3, 0}));
    assertThat(decoder.counters().errors()).isEqualTo(Map.of("icmp-truncated", 1L));
  }

  @Test
  void udpDatagram_isHandedOverWithItsPayloadLength() {
    assertThat(decode(DATAGRAM)).isEqualTo(PacketDecoder.UDP);
    assertThat(out.payloadLength).isEqualTo(100);
    assertThat(out.srcPort).isEqualTo(40000);
    assertThat(decoder.counters().skipped()).isEqualTo(Map.of("udp", 1L));
  }
}
