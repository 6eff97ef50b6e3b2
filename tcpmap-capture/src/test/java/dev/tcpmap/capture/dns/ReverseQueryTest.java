package dev.tcpmap.capture.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReverseQueryTest {
  @ParameterizedTest
  @CsvSource({
    "198.51.100.7, 7.100.51.198.in-addr.arpa",
    "10.0.0.255, 255.0.0.10.in-addr.arpa",
    "2001:db8::567:89ab,"
        + " b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"
  })
  void reverseName_ipv4AndIpv6(String address, String expected) {
    assertThat(ReverseQuery.reverseName(IpAddress.parse(address))).isEqualTo(expected);
  }

  @Test
  void query_parsesAsOnePtrQuestionWithRecursionDesired() throws Exception {
    byte[] query = ReverseQuery.query(0xBEEF, IpAddress.parse("2001:db8::1"));

    DnsMessage message = DnsMessage.parse(query, 0, query.length);

    assertThat(message.id()).isEqualTo(0xBEEF);
    assertThat(message.response()).isFalse();
    assertThat(query[2] & 0x01).as("RD").isEqualTo(1);
    assertThat(message.questions())
        .containsExactly(
            new DnsQuestion(
                ReverseQuery.reverseName(IpAddress.parse("2001:db8::1")),
                DnsRecord.PTR,
                DnsRecord.IN));
  }

  @Test
  void hostName_compressedPtrAnswer_isItsTarget() throws Exception {
    String name = "7.100.51.198.in-addr.arpa";
    DnsMessage response =
        new DnsWriter(1, DnsWriter.RESPONSE, true)
            .question(name, DnsRecord.PTR)
            .ptr(name, 300, "Mail.Example.SE")
            .parse();

    assertThat(response.answers())
        .containsExactly(new DnsRecord.Pointer(name, 300, "mail.example.se"));
    assertThat(ReverseQuery.hostName(response, IpAddress.parse("198.51.100.7")))
        .contains("mail.example.se");
    assertThat(ReverseQuery.hostName(response, IpAddress.parse("198.51.100.8"))).isEmpty();
  }

  @Test
  void hostName_nxdomain_isEmpty() throws Exception {
    DnsMessage response =
        new DnsWriter(1, DnsWriter.RESPONSE | 3, true)
            .question("9.100.51.198.in-addr.arpa", DnsRecord.PTR)
            .parse();

    assertThat(response.rcode()).isEqualTo(3);
    assertThat(ReverseQuery.hostName(response, IpAddress.parse("198.51.100.9"))).isEmpty();
  }

  @Test
  void parse_ptrWithDataLongerThanItsName_isBadDataLength() {
    String name = "1.0.0.127.in-addr.arpa";
    byte[] target = {1, 'a', 0, 0}; // "a." and one byte too many
    byte[] bytes =
        new DnsWriter(1, DnsWriter.RESPONSE, false)
            .question(name, DnsRecord.PTR)
            .answer(name, DnsRecord.PTR, 60, target)
            .bytes();

    assertThatThrownBy(() -> DnsMessage.parse(bytes, 0, bytes.length))
        .isInstanceOf(DnsFormatException.class)
        .hasMessageContaining("dns-bad-data-length");
  }
}
