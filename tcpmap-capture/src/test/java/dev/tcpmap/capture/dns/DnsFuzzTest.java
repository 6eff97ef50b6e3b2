package dev.tcpmap.capture.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes as a DNS message and as a DNS-over-TCP stream: only {@link DnsFormatException} escapes
 * parsing, names stay within RFC 1035's bounds, and a CNAME chain never runs away. Runs over the
 * seeds in {@code DnsFuzzTestInputs} in a plain build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class DnsFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void message(byte[] input) {
    try {
      DnsMessage message = DnsMessage.parse(input, 0, input.length);
      for (DnsQuestion question : message.questions()) {
        // 255 wire bytes; escaping (\DDD) at most quadruples a label byte.
        assertThat(question.name().length()).isLessThanOrEqualTo(4 * 255);
      }
      assertThat(message.facts().size())
          .isLessThanOrEqualTo(message.questions().size() * message.answers().size());
    } catch (DnsFormatException e) {
      assertThat(e.offset()).isBetween(0, input.length);
    }
  }

  /** Byte 0 is the largest piece fed at once (0 = all); the rest is the stream. */
  @FuzzTest(maxDuration = "5m")
  void tcp(byte[] input) {
    if (input.length < 1) {
      return;
    }
    DnsParser parser = new DnsParser();
    DnsParser.TcpStream stream = parser.tcp(message -> message.facts());
    int piece = input[0] & 0xFF;
    for (int at = 1; at < input.length; ) {
      int n = Math.min(input.length - at, piece == 0 ? Integer.MAX_VALUE : piece);
      stream.feed(input, at, n);
      at += n;
    }
    long seen =
        parser.counters().parsed().values().stream().mapToLong(Long::longValue).sum()
            + parser.counters().problems().values().stream().mapToLong(Long::longValue).sum();
    assertThat(seen).isLessThanOrEqualTo(input.length / 2);
  }
}
