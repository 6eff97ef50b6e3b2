package dev.tcpmap.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.testing.Packets;
import java.util.Map;

/** Decodes single packets with a fresh decoder and says what happened. */
final class Decoding {
  final PacketDecoder decoder = new PacketDecoder();
  final TcpSegment segment = new TcpSegment();

  /** Decodes a whole frame; true when it gave a segment. */
  boolean decode(int linkType, byte[] frame) {
    return decoder.decode(Packets.raw(linkType, frame), segment);
  }

  /** Decodes a frame, expecting a segment, and returns it. */
  static TcpSegment segment(int linkType, byte[] frame) {
    Decoding d = new Decoding();
    assertThat(d.decode(linkType, frame)).as("decoded as TCP: %s", d.decoder.counters()).isTrue();
    assertThat(d.decoder.counters().errors()).isEmpty();
    return d.segment;
  }

  /** Decodes a frame, expecting no segment and one error with this key. */
  static void error(int linkType, byte[] frame, String reason) {
    error(linkType, frame, frame.length, reason);
  }

  static void error(int linkType, byte[] data, int originalLength, String reason) {
    Decoding d = new Decoding();
    assertThat(d.decoder.decode(Packets.raw(linkType, data, originalLength), d.segment)).isFalse();
    assertThat(d.decoder.counters().errors()).isEqualTo(Map.of(reason, 1L));
    assertThat(d.decoder.counters().skipped()).isEmpty();
  }

  /** Decodes a frame, expecting no segment and one skip of this kind. */
  static void skipped(int linkType, byte[] frame, String kind) {
    Decoding d = new Decoding();
    assertThat(d.decode(linkType, frame)).isFalse();
    assertThat(d.decoder.counters().skipped()).isEqualTo(Map.of(kind, 1L));
    assertThat(d.decoder.counters().errors()).isEmpty();
  }
}
