package dev.tcpmap.packet.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RingConfigTest {
  @Test
  void ofBytes_largeRing_usesMegabyteBlocksAndWholePackets() {
    RingConfig ring = RingConfig.ofBytes(4L << 20);

    assertThat(ring.blockSize()).isEqualTo(1 << 20);
    assertThat(ring.blocks()).isEqualTo(4);
    assertThat(ring.snapLength()).isEqualTo(65_535);
    assertThat(ring.bytes()).isEqualTo(4L << 20);
  }

  @Test
  void ofBytes_smallestRing_hasTwoBlocksAndAFittingSnapLength() {
    RingConfig ring = RingConfig.ofBytes(128L << 10);

    assertThat(ring.blockSize()).isEqualTo(64 << 10);
    assertThat(ring.blocks()).isEqualTo(2);
    assertThat(ring.snapLength()).isEqualTo((64 << 10) - 256);
  }
}
