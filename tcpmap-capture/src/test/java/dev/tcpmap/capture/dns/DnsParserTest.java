package dev.tcpmap.capture.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.IpAddress;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsParserTest {
  private final DnsParser parser = new DnsParser();

  @Test
  void udp_responseAndQueryAndJunk_counted() {
    byte[] response = DnsWriter.answering("a.test", 1).address("a.test", 5, "10.0.0.1").bytes();
    byte[] query = new DnsWriter(1, DnsWriter.QUERY, true).question("a.test", 1).bytes();
    byte[] junk = {1, 2, 3};

    assertThat(parser.udpFacts(response, 0, response.length))
        .containsExactly(new NameFact(IpAddress.parse("10.0.0.1"), "a.test", 5));
    assertThat(parser.udpFacts(query, 0, query.length)).isEmpty();
    assertThat(parser.udp(junk, 0, junk.length)).isEmpty();
    assertThat(parser.counters().parsed()).containsEntry("response", 1L).containsEntry("query", 1L);
    assertThat(parser.counters().problems()).containsEntry("dns-truncated", 1L);
  }

  @Test
  void tcp_messagesSplitAtEveryByte_allRead() {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.writeBytes(DnsWriter.answering("a.test", 1).address("a.test", 5, "10.0.0.1").tcp());
    stream.writeBytes(new byte[] {0, 3, 1, 2, 3}); // a malformed message: skipped, stream goes on
    stream.writeBytes(
        DnsWriter.answering("b.test", 28)
            .cname("b.test", 9, "c.test")
            .address("c.test", 7, "2001:db8::2")
            .tcp());
    byte[] bytes = stream.toByteArray();
    for (int cut = 0; cut <= bytes.length; cut++) {
      List<NameFact> facts = new ArrayList<>();
      DnsParser.TcpStream tcp = new DnsParser().tcp(m -> facts.addAll(m.facts()));
      tcp.feed(bytes, 0, cut);
      tcp.feed(bytes, cut, bytes.length - cut);

      assertThat(facts)
          .as("cut at %d", cut)
          .containsExactly(
              new NameFact(IpAddress.parse("10.0.0.1"), "a.test", 5),
              new NameFact(IpAddress.parse("2001:db8::2"), "b.test", 7));
    }
  }

  @Test
  void tcp_zeroLength_stopsTheStream() {
    DnsParser.TcpStream tcp = parser.tcp(m -> {});
    tcp.feed(new byte[] {0, 0, 0, 5}, 0, 4);

    assertThat(tcp.stopped()).isTrue();
    assertThat(parser.counters().problems()).containsEntry("dns-tcp-empty-message", 1L);
  }
}
