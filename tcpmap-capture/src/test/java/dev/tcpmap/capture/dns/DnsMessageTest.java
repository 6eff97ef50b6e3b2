package dev.tcpmap.capture.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.IpAddress;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DnsMessageTest {
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void facts_cnameChain_attributedToTheQueriedNameWithTheSmallestTtl(boolean compress)
      throws Exception {
    DnsMessage message =
        new DnsWriter(7, DnsWriter.RESPONSE, compress)
            .question("WWW.Example.com", 1)
            .cname("www.example.com", 300, "cdn.example.net")
            .cname("cdn.example.net", 60, "edge.cdn.example.net")
            .address("edge.cdn.example.net", 20, "93.184.216.34")
            .address("edge.cdn.example.net", 120, "93.184.216.35")
            .address("unrelated.example.org", 50, "10.9.9.9")
            .parse();

    assertThat(message.id()).isEqualTo(7);
    assertThat(message.response()).isTrue();
    assertThat(message.questions()).containsExactly(new DnsQuestion("www.example.com", 1, 1));
    assertThat(message.answers()).hasSize(5);
    assertThat(message.answers().get(1))
        .isEqualTo(new DnsRecord.Alias("cdn.example.net", 60, "edge.cdn.example.net"));
    assertThat(message.facts())
        .containsExactly(
            fact("93.184.216.34", "www.example.com", 20),
            fact("93.184.216.35", "www.example.com", 60));
  }

  @Test
  void facts_aaaa() throws Exception {
    DnsMessage message =
        DnsWriter.answering("v6.example.com", 28)
            .address("v6.example.com", 3600, "2001:db8::1")
            .parse();

    assertThat(message.facts()).containsExactly(fact("2001:db8::1", "v6.example.com", 3600));
  }

  @Test
  void facts_cnameLoop_stopsAndKeepsWhatIsReachable() throws Exception {
    DnsMessage message =
        DnsWriter.answering("a.test", 1)
            .cname("a.test", 10, "b.test")
            .cname("b.test", 10, "a.test")
            .address("b.test", 5, "10.0.0.2")
            .parse();

    assertThat(message.facts()).containsExactly(fact("10.0.0.2", "a.test", 5));
  }

  @Test
  void facts_queryOrError_none() throws Exception {
    DnsMessage query = new DnsWriter(1, DnsWriter.QUERY, true).question("a.test", 1).parse();
    DnsMessage nxdomain =
        new DnsWriter(1, DnsWriter.RESPONSE | 3, true)
            .question("a.test", 1)
            .address("a.test", 5, "10.0.0.1")
            .parse();

    assertThat(query.facts()).isEmpty();
    assertThat(nxdomain.rcode()).isEqualTo(3);
    assertThat(nxdomain.facts()).isEmpty();
  }

  @Test
  void parse_ttlWithTopBitSet_isZero() throws Exception {
    DnsMessage message =
        DnsWriter.answering("a.test", 1).address("a.test", 0x8000_0001L, "10.0.0.1").parse();

    assertThat(message.facts().getFirst().ttlSeconds()).isZero();
  }

  @Test
  void parse_otherTypesAndEscapedLabels() throws Exception {
    DnsMessage message =
        DnsWriter.answering("a.test", 16)
            .answer("a.test", 16, 30, new byte[] {3, 'a', 'b', 'c'})
            .parse();

    assertThat(message.answers()).containsExactly(new DnsRecord.Other("a.test", 30, 16, 1));
    byte[] odd = HexFormat.of().parseHex("0000818000010000000000000361002e00000100010201");
    odd[14] = 0x07; // "a", BEL, "." in one label
    odd[13] = 'a';
    assertThat(DnsMessage.parse(odd, 0, 21).questions().getFirst().name()).isEqualTo("a\\007\\046");
  }

  private static NameFact fact(String address, String name, long ttlSeconds) {
    return new NameFact(IpAddress.parse(address), name, ttlSeconds);
  }

  record Bad(String name, String hex, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** An answer for the root name, class IN, TTL 60 s: its type, data length and data, in hex. */
  private static String rootAnswer(String type, String dataLength, String data) {
    return "00" + type + "0001" + "0000003c" + dataLength + data;
  }

  static Stream<Bad> badMessages() {
    String header1q = "0000818000010000" + "00000000";
    String header1a = "0000818000000001" + "00000000";
    return Stream.of(
        new Bad("empty", "", "dns-truncated"),
        new Bad("short header", "00008180", "dns-truncated"),
        new Bad("huge counts, no body", "00008180ffffffff0000ffff", "dns-truncated"),
        new Bad("pointer to itself", header1q + "c00c00010001", "dns-bad-pointer"),
        new Bad("pointer forward", header1q + "c00e00010001", "dns-bad-pointer"),
        new Bad("pointer loop through a label", header1q + "0161c00c", "dns-bad-pointer"),
        new Bad("extended label type", header1q + "4100010001", "dns-bad-label-type"),
        new Bad("label past the end", header1q + "3f61", "dns-truncated"),
        new Bad(
            "name too long",
            header1q + ("3f" + "61".repeat(63)).repeat(4) + "00",
            "dns-name-too-long"),
        new Bad(
            "A with 5 bytes",
            header1a + rootAnswer("0001", "0005", "0a00000100"),
            "dns-bad-address-length"),
        new Bad(
            "data length past the end",
            header1a + rootAnswer("0001", "0040", "0a000001"),
            "dns-truncated"),
        new Bad(
            "CNAME shorter than its name",
            header1a + rootAnswer("0005", "0001", "0161" + "00"),
            "dns-bad-data-length"));
  }

  @ParameterizedTest
  @MethodSource("badMessages")
  void parse_malformed_throwsWithReason(Bad bad) {
    byte[] bytes = HexFormat.of().parseHex(bad.hex());

    assertThatThrownBy(() -> DnsMessage.parse(bytes, 0, bytes.length))
        .isInstanceOf(DnsFormatException.class)
        .extracting(e -> ((DnsFormatException) e).reason())
        .isEqualTo(bad.reason());
  }
}
