package dev.tcpmap.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrintableTest {
  @Test
  void of_plainText_isUnchanged() {
    String text = "capture-2026 (copy) héllo 東京 ١٢.pcap";
    assertThat(Printable.of(text)).isSameAs(text);
  }

  /** What may not reach a terminal as it is, and how it is shown instead. */
  static Stream<Arguments> unsafe() {
    return Stream.of(
        arguments("terminal escape", "a\u001b[2Jb\r\nc\u0007", "a\\x1b[2Jb\\x0d\\x0ac\\x07"),
        arguments("C1 and delete", "x\u009by\u007f", "x\\x9by\\x7f"),
        arguments(
            "bidi override and line separator",
            "evil\u202etxt.exe\u2028",
            "evil\\u202etxt.exe\\u2028"),
        arguments("lone surrogate", "a\ud800b", "a\\ud800b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsafe")
  void of_unsafeCharacters_areShownEscapedNotSent(String what, String text, String shown) {
    assertThat(Printable.of(text)).isEqualTo(shown);
  }
}
