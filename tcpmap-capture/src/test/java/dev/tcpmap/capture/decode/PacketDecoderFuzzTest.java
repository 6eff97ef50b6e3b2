package dev.tcpmap.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tcpmap.capture.file.LinkTypes;
import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.capture.testing.Packets;
import java.util.Arrays;

/**
 * Any bytes as a packet of any link type (and any original length): decoding never throws, and a
 * segment it reports is plausible. Runs over the seeds in {@code PacketDecoderFuzzTestInputs} in a
 * plain build; {@code JAZZER_FUZZ=1} fuzzes.
 *
 * <p>Input layout, so that seeds are plain frames with a 2-byte prefix: byte 0 picks the link type,
 * byte 1 how many bytes the snap length cut (0 = whole capture), the rest is the packet.
 */
class PacketDecoderFuzzTest {
  private static final int[] LINK_TYPES = {
    LinkTypes.ETHERNET,
    LinkTypes.LINUX_SLL,
    LinkTypes.LINUX_SLL2,
    LinkTypes.RAW,
    LinkTypes.IPV4,
    LinkTypes.IPV6,
    LinkTypes.NULL,
    LinkTypes.LOOP,
    147
  };

  private final PacketDecoder decoder = new PacketDecoder();
  private final TcpSegment segment = new TcpSegment();

  @FuzzTest(maxDuration = "5m")
  void decode(byte[] input) {
    if (input.length < 2) {
      return;
    }
    int linkType = LINK_TYPES[Byte.toUnsignedInt(input[0]) % LINK_TYPES.length];
    int cut = Byte.toUnsignedInt(input[1]) * 64;
    byte[] bytes = Arrays.copyOfRange(input, 2, input.length);
    RawPacket packet = Packets.raw(linkType, bytes, bytes.length + cut);

    if (decoder.decode(packet, segment)) {
      assertThat(segment.payloadLength).isBetween(0, 0xFFFF + 262_144);
      assertThat(segment.srcPort).isBetween(0, 0xFFFF);
      assertThat(segment.dstPort).isBetween(0, 0xFFFF);
      assertThat(segment.windowScale).isBetween(-1, 14);
      assertThat(segment.seq).isBetween(0L, 0xFFFF_FFFFL);
      assertThat(segment.source()).isNotNull();
    }
    assertThat(decoder.counters().packets())
        .isEqualTo(
            decoder.counters().tcp()
                + decoder.counters().errors().values().stream().mapToLong(Long::longValue).sum()
                + decoder.counters().skipped().values().stream().mapToLong(Long::longValue).sum());
  }
}
