package dev.tcpmap.capture.file;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InterfacesTest {
  @Test
  void nanos_decimalAndBinaryResolutions_convertExactly() {
    Interfaces interfaces = new Interfaces();
    interfaces.add(1, 0, 6, 0);
    interfaces.add(1, 0, 9, 0);
    interfaces.add(1, 0, 18, 0);
    interfaces.add(1, 0, 0x80 | 10, 0);
    interfaces.add(1, 0, 0x80 | 62, -1);

    assertThat(interfaces.nanos(0, 1_500_000)).isEqualTo(1_500_000_000L);
    assertThat(interfaces.nanos(1, 123)).isEqualTo(123);
    assertThat(interfaces.nanos(2, 5_000_000_000_000_000_000L)).isEqualTo(5_000_000_000L);
    assertThat(interfaces.nanos(3, 1024 + 256)).isEqualTo(1_250_000_000L);
    assertThat(interfaces.nanos(4, 1L << 61)).isEqualTo(500_000_000L - 1_000_000_000L);
  }

  @Test
  void add_unusableOptions_saysWhy() {
    Interfaces interfaces = new Interfaces();

    assertThat(interfaces.add(1, 0, 19, 0)).isEqualTo("unsupported if_tsresol 0x13");
    assertThat(interfaces.add(1, 0, 0x80 | 63, 0)).isEqualTo("unsupported if_tsresol 0xbf");
    assertThat(interfaces.add(1, 0, 6, Long.MAX_VALUE)).startsWith("if_tsoffset out of range");
    assertThat(interfaces.count()).isZero();
  }

  @Test
  void clear_newSection_forgetsInterfaces() {
    Interfaces interfaces = new Interfaces();
    for (int i = 0; i < 10; i++) {
      interfaces.add(i, i, 6, 0);
    }

    assertThat(interfaces.linkType(9)).isEqualTo(9);
    interfaces.clear();
    assertThat(interfaces.count()).isZero();
  }
}
