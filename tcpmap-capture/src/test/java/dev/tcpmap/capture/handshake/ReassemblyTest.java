package dev.tcpmap.capture.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class ReassemblyTest {
  private static final long HALF = 1L << 31;
  private static final byte[] DATA = "0123456789abcdefghij".getBytes();

  private final Reassembly reassembly = new Reassembly();
  private final ByteArrayOutputStream delivered = new ByteArrayOutputStream();
  private final Reassembly.Receiver receiver =
      (data, offset, length) ->
          delivered.writeBytes(data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));

  @Test
  void segment_inOrderAndReordered_deliversEachByteOnceInOrder() {
    reassembly.start(1_000);

    feed(1_010, 10, 20);
    feed(1_000, 0, 12);
    feed(1_005, 5, 10);

    assertThat(delivered.toString()).isEqualTo("0123456789abcdefghij");
    assertThat(reassembly.hasHole()).isFalse();
  }

  @Test
  void segment_exactlyHalfTheSequenceSpaceAhead_isOutsideTheWindowAndIgnored() {
    reassembly.start(1_000);

    assertThat(feed(1_000 + HALF, 0, 20)).isTrue();
    feed(1_000, 0, 20);

    assertThat(delivered.toString()).isEqualTo("0123456789abcdefghij");
    assertThat(reassembly.pendingBytes()).isZero();
  }

  @Test
  void segment_exactlyHalfTheSpaceAheadAcrossTheWrap_isIgnored() {
    reassembly.start(0xFFFF_FFF8L);
    feed(0xFFFF_FFF8L, 0, 10);

    feed((0xFFFF_FFF8L + 10 + HALF) & 0xFFFF_FFFFL, 10, 20);
    feed(0x2, 10, 20);

    assertThat(delivered.toString()).isEqualTo("0123456789abcdefghij");
  }

  @Test
  void segment_moreThanAWindowAhead_isNotHeldBehindAHole() {
    reassembly.start(1_000);

    feed(1_000 + (1L << 30) + 1, 0, 20);

    assertThat(reassembly.hasHole()).isFalse();
    assertThat(reassembly.pendingBytes()).isZero();
  }

  @Test
  void segment_halfTheSpaceBehindPlusOne_isOldDataAndIgnored() {
    reassembly.start(1_000 + HALF);
    feed(1_000 + HALF, 0, 10);

    feed(1_000 + 11, 0, 20); // 2^31 - 1 behind: already delivered long ago

    assertThat(delivered.toString()).isEqualTo("0123456789");
  }

  @Test
  void segment_pendingSegmentOverlappingDeliveredBytes_deliversOnlyTheNewPart() {
    reassembly.start(1_000);
    feed(1_008, 8, 20);

    feed(1_000, 0, 12);

    assertThat(delivered.toString()).isEqualTo("0123456789abcdefghij");
    assertThat(reassembly.pendingBytes()).isZero();
  }

  @Test
  void segment_tooManyBehindAHole_givesUp() {
    reassembly.start(1_000);
    for (int i = 0; i < Reassembly.MAX_PENDING_SEGMENTS; i++) {
      assertThat(feed(1_001 + i, 1 + i, 2 + i)).isTrue();
    }

    assertThat(feed(1_001 + Reassembly.MAX_PENDING_SEGMENTS, 0, 1)).isFalse();
  }

  /** DATA[from, to) as a segment starting at sequence number {@code seq}. */
  private boolean feed(long seq, int from, int to) {
    byte[] packet = new byte[4 + to - from];
    System.arraycopy(DATA, from, packet, 4, to - from);
    return reassembly.segment(
        seq & 0xFFFF_FFFFL, MemorySegment.ofArray(packet), 4, to - from, receiver);
  }
}
