package dev.tcpmap.packet.filter;

import static dev.tcpmap.capture.testing.Packets.ACK;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_IPV4;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_IPV6;
import static dev.tcpmap.capture.testing.Packets.FIN;
import static dev.tcpmap.capture.testing.Packets.PSH;
import static dev.tcpmap.capture.testing.Packets.RST;
import static dev.tcpmap.capture.testing.Packets.SYN;
import static dev.tcpmap.capture.testing.Packets.TCP;
import static dev.tcpmap.capture.testing.Packets.UDP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.capture.testing.Packets;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CaptureFilterTest {
  private static final int SNAP = 65_535;
  private static final int VLAN = Packets.ETHERTYPE_VLAN;
  private static final List<Insn> ETHERNET = CaptureFilter.program(true, List.of(443), SNAP);
  private static final List<Insn> RAW = CaptureFilter.program(false, List.of(443), SNAP);
  private static final List<Insn> NO_TLS_PORTS = CaptureFilter.program(true, List.of(), SNAP);

  /** A transport packet (TCP or UDP bytes), how to wrap it, and whether the filter passes it. */
  record Case(String name, int protocol, byte[] transport, boolean passes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "tls record start, any port", TCP, tcp(40000, 8443, ACK | PSH, tls(0x16, 1)), true),
        new Case("tls 1.3 record version 0x0304", TCP, tcp(40000, 9000, ACK, tls(0x16, 4)), true),
        new Case("tls version 0x0305", TCP, tcp(40000, 9000, ACK, tls(0x16, 5)), false),
        new Case("application data record", TCP, tcp(40000, 9000, ACK, tls(0x17, 3)), false),
        new Case(
            "plain payload", TCP, tcp(40000, 8080, ACK | PSH, "GET / HTTP/1.1".getBytes()), false),
        new Case("payload to 443", TCP, tcp(40000, 443, ACK, new byte[] {1, 2, 3}), true),
        new Case("payload from 443", TCP, tcp(443, 40000, ACK, new byte[] {9}), true),
        new Case("pure ack on 443", TCP, tcp(40000, 443, ACK, new byte[0]), false),
        new Case("syn", TCP, tcp(40000, 8080, SYN, new byte[0]), true),
        new Case("fin", TCP, tcp(40000, 8080, FIN | ACK, new byte[0]), true),
        new Case("rst", TCP, tcp(40000, 8080, RST, new byte[0]), true),
        new Case("pure ack", TCP, tcp(40000, 8080, ACK, new byte[0]), false),
        new Case("tcp dns answer", TCP, tcp(53, 40000, ACK, new byte[] {0, 30, 1, 2}), true),
        new Case("tcp dns query", TCP, tcp(40000, 53, ACK, new byte[] {0, 30, 1, 2}), false),
        new Case("udp dns answer", UDP, udp(53, 40000, 40), true),
        new Case("udp dns query", UDP, udp(40000, 53, 40), false),
        new Case("udp other", UDP, udp(123, 123, 40), false),
        new Case(
            "4-byte 0x16 payload", TCP, tcp(40000, 9000, ACK, new byte[] {0x16, 3, 1, 0}), false));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void program_ipv4Ethernet(Case c) {
    byte[] ip = Packets.ipv4("192.0.2.1", "198.51.100.1", c.protocol(), c.transport());
    assertPasses(ETHERNET, Packets.ethernet(ETHERTYPE_IPV4, ip), 0x0800, c.passes());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void program_ipv6Ethernet(Case c) {
    byte[] ip = Packets.ipv6("2001:db8:a::1", "2001:db8:b::1", c.protocol(), c.transport());
    assertPasses(ETHERNET, Packets.ethernet(ETHERTYPE_IPV6, ip), 0x86dd, c.passes());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void program_vlanTagged(Case c) {
    byte[] ip = Packets.ipv4("192.0.2.1", "198.51.100.1", c.protocol(), c.transport());
    assertPasses(
        ETHERNET, Packets.ethernet(VLAN, Packets.vlan(7, ETHERTYPE_IPV4, ip)), 0x8100, c.passes());
    byte[] ip6 = Packets.ipv6("2001:db8:a::1", "2001:db8:b::1", c.protocol(), c.transport());
    byte[] inner = Packets.ethernet(VLAN, Packets.vlan(8, ETHERTYPE_IPV6, ip6));
    // QinQ: a service tag in front of the customer tag
    byte[] qinq = qinq(inner);
    assertPasses(ETHERNET, qinq, 0x88a8, c.passes());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void program_rawIp(Case c) {
    byte[] ip = Packets.ipv4("192.0.2.1", "198.51.100.1", c.protocol(), c.transport());
    assertPasses(RAW, ip, 0x0800, c.passes());
    byte[] ip6 = Packets.ipv6("2001:db8:a::1", "2001:db8:b::1", c.protocol(), c.transport());
    assertPasses(RAW, ip6, 0x86dd, c.passes());
  }

  @Test
  void program_noTlsPorts_payloadOn443IsNotPassedUnlessARecordStarts() {
    byte[] plain =
        Packets.ipv4("192.0.2.1", "198.51.100.1", TCP, tcp(40000, 443, ACK, new byte[] {1, 2, 3}));
    byte[] hello =
        Packets.ipv4("192.0.2.1", "198.51.100.1", TCP, tcp(40000, 443, ACK, tls(0x16, 1)));

    assertPasses(NO_TLS_PORTS, Packets.ethernet(ETHERTYPE_IPV4, plain), 0x0800, false);
    assertPasses(NO_TLS_PORTS, Packets.ethernet(ETHERTYPE_IPV4, hello), 0x0800, true);
  }

  @Test
  void program_ethernetPaddingAfterAPureAck_isNotPayload() {
    byte[] ip = Packets.ipv4("192.0.2.1", "198.51.100.1", TCP, tcp(40000, 443, ACK, new byte[0]));
    byte[] frame = Packets.ethernet(ETHERTYPE_IPV4, ip);
    byte[] padded =
        ByteBuffer.allocate(frame.length + 6)
            .put(frame)
            .put(new byte[] {0x16, 3, 1, 0, 0, 0})
            .array();

    assertPasses(ETHERNET, padded, 0x0800, false);
  }

  @Test
  void program_laterIpv4Fragment_isRejected() {
    byte[] ip = Packets.ipv4("192.0.2.1", "198.51.100.1", UDP, udp(53, 40000, 40));
    ip[6] = 0x20;
    ip[7] = 0x10; // more fragments, offset 16 × 8
    assertPasses(ETHERNET, Packets.ethernet(ETHERTYPE_IPV4, ip), 0x0800, false);
  }

  @Test
  void program_arp_isRejected() {
    assertPasses(ETHERNET, Packets.ethernet(Packets.ETHERTYPE_ARP, new byte[28]), 0x0806, false);
    assertPasses(RAW, new byte[28], 0x0806, false);
  }

  @Test
  void program_badPort_isRejected() {
    assertThatThrownBy(() -> CaptureFilter.program(true, List.of(70_000), SNAP))
        .hasMessage("TLS port out of range: 70000");
  }

  @Test
  void listing_showsOneLinePerInstruction() {
    assertThat(CaptureFilter.listing(ETHERNET).lines()).hasSize(ETHERNET.size());
    assertThat(ETHERNET.size()).isLessThan(100);
  }

  private static void assertPasses(
      List<Insn> program, byte[] packet, int protocol, boolean passes) {
    assertThat(BpfInterpreter.run(program, packet, protocol)).isEqualTo(passes ? SNAP : 0);
  }

  private static byte[] tcp(int source, int destination, int flags, byte[] payload) {
    byte[] header = Packets.tcp(source, destination, flags, 0);
    return ByteBuffer.allocate(header.length + payload.length).put(header).put(payload).array();
  }

  private static byte[] udp(int source, int destination, int payloadLength) {
    return ByteBuffer.allocate(8 + payloadLength)
        .putShort((short) source)
        .putShort((short) destination)
        .putShort((short) (8 + payloadLength))
        .putShort((short) 0)
        .array();
  }

  /** A TLS record header with a 40-byte body: type, version 3.minor. */
  private static byte[] tls(int type, int minor) {
    return ByteBuffer.allocate(45)
        .put((byte) type)
        .put((byte) 3)
        .put((byte) minor)
        .putShort((short) 40)
        .array();
  }

  private static byte[] qinq(byte[] customerTagged) {
    // customerTagged = dst(6) src(6) 0x8100 tci ...; insert 0x88a8 tci before it
    ByteBuffer b = ByteBuffer.allocate(customerTagged.length + 4);
    b.put(customerTagged, 0, 12).putShort((short) 0x88a8).putShort((short) 5);
    b.put(customerTagged, 12, customerTagged.length - 12);
    return b.array();
  }
}
