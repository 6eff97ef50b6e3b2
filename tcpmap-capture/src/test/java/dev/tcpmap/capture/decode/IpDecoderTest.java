package dev.tcpmap.capture.decode;

import static dev.tcpmap.capture.testing.Packets.ACK;
import static dev.tcpmap.capture.testing.Packets.AH;
import static dev.tcpmap.capture.testing.Packets.DESTINATION_OPTIONS;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_IPV4;
import static dev.tcpmap.capture.testing.Packets.FRAGMENT;
import static dev.tcpmap.capture.testing.Packets.HOP_BY_HOP;
import static dev.tcpmap.capture.testing.Packets.ICMP;
import static dev.tcpmap.capture.testing.Packets.ICMPV6;
import static dev.tcpmap.capture.testing.Packets.ROUTING;
import static dev.tcpmap.capture.testing.Packets.SYN;
import static dev.tcpmap.capture.testing.Packets.TCP;
import static dev.tcpmap.capture.testing.Packets.UDP;
import static dev.tcpmap.capture.testing.Packets.concat;
import static dev.tcpmap.capture.testing.Packets.ethernet;
import static dev.tcpmap.capture.testing.Packets.ipv4;
import static dev.tcpmap.capture.testing.Packets.ipv6;
import static dev.tcpmap.capture.testing.Packets.ipv6Authentication;
import static dev.tcpmap.capture.testing.Packets.ipv6Extension;
import static dev.tcpmap.capture.testing.Packets.ipv6Fragment;
import static dev.tcpmap.capture.testing.Packets.mss;
import static dev.tcpmap.capture.testing.Packets.nop;
import static dev.tcpmap.capture.testing.Packets.sackPermitted;
import static dev.tcpmap.capture.testing.Packets.tcp;
import static dev.tcpmap.capture.testing.Packets.timestamps;
import static dev.tcpmap.capture.testing.Packets.udp;
import static dev.tcpmap.capture.testing.Packets.windowScale;
import static dev.tcpmap.capture.testing.Packets.with16;
import static dev.tcpmap.capture.testing.Packets.with8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.file.LinkTypes;
import dev.tcpmap.core.model.IpAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IpDecoderTest {
  private static final int RAW = LinkTypes.RAW;
  private static final byte[] SYN_OPTIONS =
      concat(mss(1460), sackPermitted(), timestamps(1, 0), nop(), windowScale(7));
  private static final byte[] TCP_DATA = tcp(40000, 80, ACK, 1, 2, new byte[0], 100);
  private static final byte[] V4 = ipv4("10.0.0.1", "10.0.0.2", TCP, TCP_DATA);

  private static byte[] v6(int next, byte[] payload) {
    return ipv6("fd00::a", "fd00::b", next, payload);
  }

  @Test
  void decode_ipv4WithOptions_skipsThem() {
    byte[] packet = ipv4("10.0.0.1", "10.0.0.2", TCP, new byte[] {(byte) 0x94, 4, 0, 0}, TCP_DATA);

    TcpSegment segment = Decoding.segment(RAW, packet);

    assertThat(segment.srcPort).isEqualTo(40000);
    assertThat(segment.payloadLength).isEqualTo(100);
  }

  @Test
  void decode_ipv4MoreFragments_isFragmentError() {
    Decoding.error(RAW, with16(V4, 6, 0x2000), "ipv4-fragment");
  }

  @Test
  void decode_ipv4FragmentOffset_isFragmentError() {
    Decoding.error(RAW, with16(V4, 6, 0x00B9), "ipv4-fragment");
  }

  @Test
  void decode_ipv4DontFragment_isNotAFragment() {
    assertThat(Decoding.segment(RAW, with16(V4, 6, 0x4000)).payloadLength).isEqualTo(100);
  }

  @Test
  void decode_ipv4HeaderErrors_areCountedByReason() {
    Decoding.error(
        LinkTypes.ETHERNET, ethernet(ETHERTYPE_IPV4, with8(V4, 0, 0x65)), "ipv4-bad-version");
    Decoding.error(RAW, with8(V4, 0, 0x44), "ipv4-bad-header-length");
    Decoding.error(RAW, with16(V4, 2, 19), "ipv4-bad-total-length");
    Decoding.error(RAW, with16(V4, 2, V4.length + 1), "ipv4-bad-total-length");
    Decoding.error(RAW, Arrays.copyOf(V4, 19), "ipv4-truncated");
    // IHL 15 (60 bytes) but only 40 captured: the options are cut.
    Decoding.error(RAW, Arrays.copyOf(with8(V4, 0, 0x4F), 40), V4.length, "ipv4-truncated");
  }

  @Test
  void decode_ipv4TotalLengthZeroOnWholeCapture_isTsoSuperFrame() {
    byte[] big = ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(1, 2, ACK, 1, 1, new byte[0], 70_000));

    TcpSegment segment = Decoding.segment(RAW, with16(big, 2, 0));

    assertThat(segment.payloadLength).isEqualTo(70_000);
  }

  @Test
  void decode_ipv4TotalLengthZeroOnCutCapture_isError() {
    Decoding.error(RAW, Arrays.copyOf(with16(V4, 2, 0), 60), V4.length, "ipv4-bad-total-length");
  }

  @Test
  void decode_payloadCutBySnapLength_reportsIpLength() {
    byte[] cut = Arrays.copyOf(V4, 40 + 10);

    Decoding d = new Decoding();
    assertThat(
            d.decoder.decode(
                dev.tcpmap.capture.testing.Packets.raw(RAW, cut, V4.length), d.segment))
        .isTrue();
    assertThat(d.segment.payloadLength).isEqualTo(100);
  }

  @Test
  void decode_tcpHeaderCutBySnapLength_isTcpTruncated() {
    byte[] syn = ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(1, 2, SYN, 0, 0, SYN_OPTIONS, 0));

    Decoding.error(RAW, Arrays.copyOf(syn, 20 + 30), syn.length, "tcp-truncated");
    Decoding.error(RAW, Arrays.copyOf(syn, 20 + 10), syn.length, "tcp-truncated");
  }

  @Test
  void decode_tcpDataOffsetBelow5OrBeyondIpPayload_isBadHeaderLength() {
    Decoding.error(RAW, with8(V4, 20 + 12, 0x40), "tcp-bad-header-length");
    byte[] shortTcp = ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(1, 2, ACK, 0));
    Decoding.error(RAW, with8(shortTcp, 20 + 12, 0x60), "tcp-bad-header-length");
    Decoding.error(RAW, with16(V4, 2, 20 + 12), "tcp-bad-header-length");
  }

  @Test
  void decode_synWithWindowScale_readsShift() {
    byte[] syn = ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(1, 2, SYN, 0, 0, SYN_OPTIONS, 0));

    assertThat(Decoding.segment(RAW, syn).windowScale).isEqualTo(7);
  }

  @Test
  void decode_windowScaleAbove14_isClampedTo14() {
    byte[] syn = ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(1, 2, SYN, 0, 0, windowScale(20), 0));

    assertThat(Decoding.segment(RAW, syn).windowScale).isEqualTo(14);
  }

  @Test
  void decode_windowScaleOnNonSyn_isIgnored() {
    byte[] ack = ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(1, 2, ACK, 0, 0, windowScale(7), 0));

    assertThat(Decoding.segment(RAW, ack).windowScale).isEqualTo(-1);
  }

  @Test
  void decode_synWithoutWindowScale_isMinusOne() {
    byte[] syn = ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(1, 2, SYN, 0, 0, mss(1460), 0));

    assertThat(Decoding.segment(RAW, syn).windowScale).isEqualTo(-1);
  }

  @Test
  void decode_badOptionLengthBeforeWindowScale_stopsTheWalkButKeepsTheSegment() {
    // MSS announcing length 1, then window scale: the kernel stops parsing at the bad length.
    byte[] options = concat(new byte[] {2, 1, 0, 0}, windowScale(7));
    byte[] syn = ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(1, 2, SYN, 0, 0, options, 0));

    assertThat(Decoding.segment(RAW, syn).windowScale).isEqualTo(-1);
  }

  @Test
  void decode_optionOverrunningHeader_stopsTheWalk() {
    byte[] syn =
        ipv4("10.0.0.1", "10.0.0.2", TCP, tcp(1, 2, SYN, 0, 0, new byte[] {1, 3, 4, 3}, 0));

    assertThat(Decoding.segment(RAW, syn).windowScale).isEqualTo(-1);
  }

  @Test
  void decode_ipv6_readsAddressesAndPayloadLength() {
    TcpSegment segment = Decoding.segment(RAW, v6(TCP, TCP_DATA));

    assertThat(segment.source()).isEqualTo(IpAddress.parse("fd00::a"));
    assertThat(segment.destination()).isEqualTo(IpAddress.parse("fd00::b"));
    assertThat(segment.payloadLength).isEqualTo(100);
  }

  @Test
  void decode_ipv6ExtensionHeaderChain_reachesTcp() {
    byte[] chain =
        ipv6Extension(
            ROUTING,
            1,
            ipv6Extension(
                FRAGMENT,
                3,
                ipv6Fragment(
                    AH,
                    0,
                    false,
                    ipv6Authentication(DESTINATION_OPTIONS, ipv6Extension(TCP, 2, TCP_DATA)))));

    TcpSegment segment = Decoding.segment(RAW, v6(HOP_BY_HOP, chain));

    assertThat(segment.srcPort).isEqualTo(40000);
    assertThat(segment.payloadLength).isEqualTo(100);
  }

  @Test
  void decode_ipv6Fragments_areFragmentErrors() {
    Decoding.error(RAW, v6(FRAGMENT, ipv6Fragment(TCP, 0, true, TCP_DATA)), "ipv6-fragment");
    Decoding.error(RAW, v6(FRAGMENT, ipv6Fragment(TCP, 185, false, TCP_DATA)), "ipv6-fragment");
  }

  @Test
  void decode_ipv6Errors_areCountedByReason() {
    byte[] packet = v6(TCP, TCP_DATA);
    Decoding.error(RAW, with16(packet, 4, 0), "ipv6-jumbogram");
    Decoding.error(RAW, with16(packet, 4, TCP_DATA.length + 1), "ipv6-bad-payload-length");
    Decoding.error(LinkTypes.IPV6, with8(packet, 0, 0x40), "ipv6-bad-version");
    Decoding.error(RAW, Arrays.copyOf(packet, 39), "ipv6-truncated");
    byte[] hopByHop = v6(HOP_BY_HOP, ipv6Extension(TCP, 1, TCP_DATA));
    Decoding.error(RAW, with8(hopByHop, 41, 200), "ipv6-bad-extension-length");
    Decoding.error(RAW, Arrays.copyOf(hopByHop, 44), hopByHop.length, "ipv6-truncated");
  }

  @Test
  void decode_seventeenExtensionHeaders_isError() {
    byte[] chain = ipv6Extension(TCP, 1, TCP_DATA);
    for (int i = 0; i < 16; i++) {
      chain = ipv6Extension(DESTINATION_OPTIONS, 1, chain);
    }

    Decoding.error(RAW, v6(DESTINATION_OPTIONS, chain), "ipv6-too-many-extension-headers");
  }

  @Test
  void decode_notTcp_isSkippedByKind() {
    Decoding.skipped(RAW, ipv4("10.0.0.1", "10.0.0.2", ICMP, new byte[8]), "icmp");
    Decoding.skipped(RAW, ipv4("10.0.0.1", "10.0.0.2", UDP, udp(5353, 5354, new byte[4])), "udp");
    Decoding.skipped(RAW, ipv4("10.0.0.1", "10.0.0.2", UDP, udp(5353, 53, new byte[4])), "dns");
    Decoding.skipped(RAW, ipv4("10.0.0.2", "10.0.0.1", UDP, udp(53, 5353, new byte[4])), "dns");
    Decoding.skipped(RAW, ipv4("10.0.0.1", "10.0.0.2", 2, new byte[8]), "igmp");
    Decoding.skipped(RAW, ipv4("10.0.0.1", "10.0.0.2", 47, new byte[8]), "gre");
    Decoding.skipped(RAW, ipv4("10.0.0.1", "10.0.0.2", 132, new byte[8]), "other-ip-protocol");
    Decoding.skipped(RAW, v6(ICMPV6, new byte[8]), "icmpv6");
    Decoding.skipped(RAW, v6(50, new byte[8]), "esp");
    Decoding.skipped(RAW, v6(59, new byte[0]), "ipv6-no-next-header");
    Decoding.skipped(RAW, v6(HOP_BY_HOP, ipv6Extension(UDP, 1, udp(1, 2, new byte[0]))), "udp");
  }
}
