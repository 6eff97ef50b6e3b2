package dev.tcpmap.capture.decode;

import static dev.tcpmap.capture.testing.Packets.ACK;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_IPV4;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_IPV6;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_TRANSPARENT_ETHERNET;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_VLAN;
import static dev.tcpmap.capture.testing.Packets.IPIP;
import static dev.tcpmap.capture.testing.Packets.IPV6;
import static dev.tcpmap.capture.testing.Packets.TCP;
import static dev.tcpmap.capture.testing.Packets.UDP;
import static dev.tcpmap.capture.testing.Packets.concat;
import static dev.tcpmap.capture.testing.Packets.ethernet;
import static dev.tcpmap.capture.testing.Packets.geneve;
import static dev.tcpmap.capture.testing.Packets.geneveOption;
import static dev.tcpmap.capture.testing.Packets.ipv4;
import static dev.tcpmap.capture.testing.Packets.ipv6;
import static dev.tcpmap.capture.testing.Packets.tcp;
import static dev.tcpmap.capture.testing.Packets.udp;
import static dev.tcpmap.capture.testing.Packets.vlan;
import static dev.tcpmap.capture.testing.Packets.vxlan;
import static dev.tcpmap.capture.testing.Packets.with16;
import static dev.tcpmap.capture.testing.Packets.with8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.file.LinkTypes;
import dev.tcpmap.core.model.IpAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TunnelDecoderTest {
  private static final byte[] INNER_TCP = tcp(51000, 8080, ACK, 5, 6, new byte[0], 42);
  private static final byte[] INNER_V4 = ipv4("10.244.1.5", "10.244.2.7", TCP, INNER_TCP);
  private static final byte[] INNER_V6 = ipv6("fd00:10::5", "fd00:20::7", TCP, INNER_TCP);

  /** The outer node-to-node packet on the wire. */
  private static byte[] overUdp(int port, byte[] tunnel) {
    return ethernet(
        ETHERTYPE_IPV4, ipv4("192.168.1.1", "192.168.1.2", UDP, udp(33333, port, tunnel)));
  }

  private static void assertInnerV4(TcpSegment segment) {
    assertThat(segment.source()).isEqualTo(IpAddress.parse("10.244.1.5"));
    assertThat(segment.destination()).isEqualTo(IpAddress.parse("10.244.2.7"));
    assertThat(segment.srcPort).isEqualTo(51000);
    assertThat(segment.dstPort).isEqualTo(8080);
    assertThat(segment.payloadLength).isEqualTo(42);
  }

  @ParameterizedTest
  @ValueSource(ints = {4789, 8472})
  void decode_vxlan_readsInnerConnection(int port) {
    byte[] frame = overUdp(port, vxlan(42, ethernet(ETHERTYPE_IPV4, INNER_V4)));

    assertInnerV4(Decoding.segment(LinkTypes.ETHERNET, frame));
  }

  @Test
  void decode_vxlanWithInnerVlanAndPadding_readsInnerConnection() {
    byte[] inner = ethernet(ETHERTYPE_VLAN, vlan(3, ETHERTYPE_IPV4, INNER_V4));
    byte[] frame = overUdp(4789, vxlan(1, inner));

    assertInnerV4(
        Decoding.segment(
            LinkTypes.ETHERNET, dev.tcpmap.capture.testing.Packets.pad(frame, frame.length + 30)));
  }

  @Test
  void decode_geneveWithOptionsAndEthernet_readsInnerConnection() {
    byte[] options =
        concat(geneveOption(0x0102, 1, new byte[4]), geneveOption(0xFFFF, 2, new byte[8]));
    byte[] frame =
        overUdp(
            6081,
            geneve(ETHERTYPE_TRANSPARENT_ETHERNET, 7, options, ethernet(ETHERTYPE_IPV4, INNER_V4)));

    assertInnerV4(Decoding.segment(LinkTypes.ETHERNET, frame));
  }

  @Test
  void decode_geneveCarryingIpv6Directly_readsInnerConnection() {
    byte[] frame = overUdp(6081, geneve(ETHERTYPE_IPV6, 7, new byte[0], INNER_V6));

    TcpSegment segment = Decoding.segment(LinkTypes.ETHERNET, frame);

    assertThat(segment.source()).isEqualTo(IpAddress.parse("fd00:10::5"));
    assertThat(segment.payloadLength).isEqualTo(42);
  }

  @Test
  void decode_ipInIpv4_readsInnerConnection() {
    byte[] frame = ethernet(ETHERTYPE_IPV4, ipv4("192.168.1.1", "192.168.1.2", IPIP, INNER_V4));

    assertInnerV4(Decoding.segment(LinkTypes.ETHERNET, frame));
  }

  @Test
  void decode_ipv6InIpv4_readsInnerConnection() {
    byte[] frame = ethernet(ETHERTYPE_IPV4, ipv4("192.168.1.1", "192.168.1.2", IPV6, INNER_V6));

    assertThat(Decoding.segment(LinkTypes.ETHERNET, frame).dstPort).isEqualTo(8080);
  }

  @Test
  void decode_ipv4AndIpv6InIpv6_readInnerConnection() {
    assertInnerV4(Decoding.segment(LinkTypes.RAW, ipv6("fd00::1", "fd00::2", IPIP, INNER_V4)));
    assertThat(Decoding.segment(LinkTypes.RAW, ipv6("fd00::1", "fd00::2", IPV6, INNER_V6)).v6)
        .isTrue();
  }

  @Test
  void decode_innerLongerThanOuterPayload_isError() {
    byte[] frame =
        ipv4("192.168.1.1", "192.168.1.2", IPIP, with16(INNER_V4, 2, INNER_V4.length + 4));

    Decoding.error(LinkTypes.RAW, frame, "ipv4-bad-total-length");
  }

  @Test
  void decode_innerCutBySnapLength_reportsInnerIpLength() {
    byte[] frame = overUdp(4789, vxlan(42, ethernet(ETHERTYPE_IPV4, INNER_V4)));
    int headers = 14 + 20 + 8 + 8 + 14 + 20 + 20;

    Decoding d = new Decoding();
    assertThat(
            d.decoder.decode(
                dev.tcpmap.capture.testing.Packets.raw(
                    LinkTypes.ETHERNET, Arrays.copyOf(frame, headers), frame.length),
                d.segment))
        .isTrue();
    assertThat(d.segment.payloadLength).isEqualTo(42);
  }

  @Test
  void decode_vxlanWithoutVniFlag_isError() {
    byte[] frame = overUdp(4789, with8(vxlan(42, ethernet(ETHERTYPE_IPV4, INNER_V4)), 0, 0));

    Decoding.error(LinkTypes.ETHERNET, frame, "vxlan-bad-flags");
  }

  @Test
  void decode_geneveErrors_areCountedByReason() {
    byte[] inner = ethernet(ETHERTYPE_IPV4, INNER_V4);
    byte[] good = geneve(ETHERTYPE_TRANSPARENT_ETHERNET, 7, geneveOption(1, 1, new byte[4]), inner);
    Decoding.error(LinkTypes.ETHERNET, overUdp(6081, with8(good, 0, 0x42)), "geneve-bad-version");
    // Options length 2 words, but the one option claims 3 (12 bytes of data).
    Decoding.error(
        LinkTypes.ETHERNET, overUdp(6081, with8(good, 11, 3)), "geneve-bad-options-length");
    Decoding.error(
        LinkTypes.ETHERNET, overUdp(6081, with8(good, 0, 0x3F)), "geneve-bad-options-length");
    Decoding.error(LinkTypes.ETHERNET, overUdp(6081, new byte[7]), "geneve-truncated");
    Decoding.error(LinkTypes.ETHERNET, overUdp(4789, new byte[7]), "vxlan-truncated");
  }

  @Test
  void decode_udpLengthBeyondIpPayload_isError() {
    byte[] frame = overUdp(4789, vxlan(42, ethernet(ETHERTYPE_IPV4, INNER_V4)));

    Decoding.error(LinkTypes.ETHERNET, with16(frame, 14 + 20 + 4, 2000), "udp-bad-length");
    Decoding.error(LinkTypes.ETHERNET, with16(frame, 14 + 20 + 4, 7), "udp-bad-length");
  }

  @Test
  void decode_fiveNestedTunnels_isTooDeep() {
    byte[] packet = INNER_V4;
    for (int i = 0; i < 5; i++) {
      packet = ipv4("192.168.1.1", "192.168.1.2", IPIP, packet);
    }

    Decoding.error(LinkTypes.RAW, packet, "tunnel-too-deep");
  }

  @Test
  void decode_fourNestedTunnelsOfEachKind_readsInnerConnection() {
    byte[] packet = INNER_V4;
    packet = ipv4("192.168.1.1", "192.168.1.2", IPIP, packet);
    packet =
        ipv4(
            "192.168.1.1",
            "192.168.1.2",
            UDP,
            udp(1, 4789, vxlan(1, ethernet(ETHERTYPE_IPV4, packet))));
    packet =
        ipv4(
            "192.168.1.1",
            "192.168.1.2",
            UDP,
            udp(1, 6081, geneve(ETHERTYPE_IPV4, 1, new byte[0], packet)));
    packet = ipv6("fd00::1", "fd00::2", IPIP, packet);

    assertInnerV4(Decoding.segment(LinkTypes.RAW, packet));
  }
}
