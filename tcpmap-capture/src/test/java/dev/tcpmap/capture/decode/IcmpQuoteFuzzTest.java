package dev.tcpmap.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tcpmap.capture.file.LinkTypes;
import dev.tcpmap.capture.testing.Packets;
import java.util.Arrays;

/**
 * Any bytes as the message of an ICMP or ICMPv6 error: decoding never throws, a handed-over error
 * has a TCP or UDP quote with ports in range, and every packet is counted once. Runs over the seeds
 * in {@code IcmpQuoteFuzzTestInputs} in a plain build; {@code JAZZER_FUZZ=1} fuzzes.
 *
 * <p>Input layout: byte 0 picks the family (even: ICMP in IPv4, odd: ICMPv6 in IPv6), the rest is
 * the ICMP message (type, code, checksum, 4 bytes, quote).
 */
class IcmpQuoteFuzzTest {
  private final PacketDecoder decoder = new PacketDecoder();
  private final TcpSegment segment = new TcpSegment();

  @FuzzTest(maxDuration = "5m")
  void quote(byte[] input) {
    if (input.length < 1) {
      return;
    }
    byte[] message = Arrays.copyOfRange(input, 1, input.length);
    byte[] packet =
        (input[0] & 1) == 0
            ? Packets.ipv4("192.0.2.1", "192.0.2.2", Packets.ICMP, message)
            : Packets.ipv6("2001:db8::1", "2001:db8::2", Packets.ICMPV6, message);

    int kind = decoder.decodeTransport(Packets.raw(LinkTypes.RAW, packet), segment);

    if (kind == PacketDecoder.ICMP_ERROR) {
      assertThat(segment.quotedProtocol).isIn(6, 17);
      assertThat(segment.srcPort).isBetween(0, 0xFFFF);
      assertThat(segment.dstPort).isBetween(0, 0xFFFF);
      assertThat(segment.icmpType).isBetween(0, 255);
      assertThat(segment.source()).isNotNull();
      assertThat(segment.reporter()).isNotNull();
    } else {
      assertThat(kind).isEqualTo(PacketDecoder.OTHER);
    }
    assertThat(decoder.counters().packets())
        .isEqualTo(
            decoder.counters().tcp()
                + decoder.counters().errors().values().stream().mapToLong(Long::longValue).sum()
                + decoder.counters().skipped().values().stream().mapToLong(Long::longValue).sum());
  }
}
