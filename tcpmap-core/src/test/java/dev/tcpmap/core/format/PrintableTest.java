package dev.tcpmap.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
  @Test
  void of_plainText_isUnchanged() {
    String text = "capture-2026 (copy) héllo 東京 ١٢.pcap";
    assertThat(Printable.of(text)).isSameAs(text);
  }

  @Test
  void of_terminalEscape_isShownNotSent() {
    assertThat(Printable.of("a\u001b[2Jb\r\nc\u0007")).isEqualTo("a\\x1b[2Jb\\x0d\\x0ac\\x07");
  }

  @Test
  void of_c1AndDelete_areEscaped() {
    assertThat(Printable.of("x\u009by\u007f")).isEqualTo("x\\x9by\\x7f");
  }

  @Test
  void of_bidiOverrideAndLineSeparator_areEscaped() {
    assertThat(Printable.of("evil\u202etxt.exe\u2028")).isEqualTo("evil\\u202etxt.exe\\u2028");
  }

  @Test
  void of_loneSurrogate_isEscaped() {
    assertThat(Printable.of("a\ud800b")).isEqualTo("a\\ud800b");
  }
}
