package dev.tcpmap.capture.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.capture.testing.Segments;
import dev.tcpmap.core.event.DnsLookupEnded;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.model.DnsLookup;
import dev.tcpmap.core.model.IpAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DnsLookupsTest {
  private static final long MS = 1_000_000L;
  private static final long T0 = 1_700_000_000_000_000_000L;
  private static final IpAddress CLIENT = IpAddress.parse("10.0.0.1");
  private static final IpAddress RESOLVER = IpAddress.parse("10.0.0.53");

  private final List<Event> events = new ArrayList<>();
  private final DnsLookups lookups = new DnsLookups(Duration.ofSeconds(5), 2, events::add);

  private static TcpSegment toResolver(int clientPort, long at) {
    TcpSegment s = Segments.between(CLIENT, clientPort, RESOLVER, 53);
    s.timestampNanos = at;
    return s;
  }

  private static TcpSegment fromResolver(int clientPort, long at) {
    TcpSegment s = Segments.between(RESOLVER, 53, CLIENT, clientPort);
    s.timestampNanos = at;
    return s;
  }

  private static DnsMessage query(int id, String name) throws DnsFormatException {
    return new DnsWriter(id, DnsWriter.QUERY, true).question(name, 1).parse();
  }

  private static DnsMessage response(int id, String name, int rcode, boolean withAddress)
      throws DnsFormatException {
    DnsWriter writer = new DnsWriter(id, DnsWriter.RESPONSE | rcode, true).question(name, 1);
    if (withAddress) {
      writer.address(name, 60, "192.0.2.7");
    }
    return writer.parse();
  }

  private List<DnsLookup> ended() {
    return events.stream()
        .filter(DnsLookupEnded.class::isInstance)
        .map(e -> ((DnsLookupEnded) e).lookup())
        .toList();
  }

  @Test
  void answered_reportsTheRcodeTheWaitAndTheAddresses() throws Exception {
    lookups.message(toResolver(40_000, T0), query(7, "example.com"));
    lookups.message(fromResolver(40_000, T0 + 3 * MS), response(7, "example.com", 0, true));

    assertThat(ended())
        .containsExactly(
            new DnsLookup(
                CLIENT,
                40_000,
                RESOLVER,
                53,
                7,
                "example.com",
                1,
                Instant.ofEpochSecond(0, T0),
                Optional.of(Duration.ofMillis(3)),
                0,
                1));
  }

  @Test
  void nxdomainAndServfail_areReportedWithTheirNames() throws Exception {
    lookups.message(toResolver(40_000, T0), query(1, "nope.test"));
    lookups.message(toResolver(40_001, T0), query(2, "broken.test"));
    lookups.message(fromResolver(40_000, T0 + MS), response(1, "nope.test", 3, false));
    lookups.message(fromResolver(40_001, T0 + MS), response(2, "broken.test", 2, false));

    assertThat(ended())
        .extracting(DnsLookup::name, DnsLookup::rcodeName, DnsLookup::addresses)
        .containsExactly(tuple("nope.test", "NXDOMAIN", 0), tuple("broken.test", "SERVFAIL", 0));
  }

  @Test
  void noResponseWithinTheTimeout_isUnanswered_aRetransmissionIsTheSameLookup() throws Exception {
    lookups.message(toResolver(40_000, T0), query(9, "silent.test"));
    lookups.message(toResolver(40_000, T0 + 1_000 * MS), query(9, "silent.test"));
    lookups.advance(T0 + 4_999 * MS);
    assertThat(ended()).isEmpty();

    lookups.advance(T0 + 5_000 * MS);

    assertThat(ended())
        .extracting(DnsLookup::rcodeName, DnsLookup::waited, DnsLookup::at)
        .containsExactly(tuple("UNANSWERED", Optional.empty(), Instant.ofEpochSecond(0, T0)));
  }

  @Test
  void responseWithTheWrongIdOrPort_matchesNothing() throws Exception {
    lookups.message(toResolver(40_000, T0), query(9, "a.test"));
    lookups.message(fromResolver(40_000, T0 + MS), response(10, "a.test", 0, true));
    lookups.message(fromResolver(40_001, T0 + MS), response(9, "a.test", 0, true));

    assertThat(ended()).isEmpty();
  }

  @Test
  void moreQueriesThanTheBound_dropsTheOldestAndCountsIt_theRestEndUnknown() throws Exception {
    lookups.message(toResolver(40_000, T0), query(1, "a.test"));
    lookups.message(toResolver(40_001, T0), query(2, "b.test"));
    lookups.message(toResolver(40_002, T0), query(3, "c.test"));
    lookups.finish();

    assertThat(events.getFirst()).isEqualTo(new EventsLost("dns", "query-evicted", 1));
    assertThat(ended())
        .extracting(DnsLookup::name, DnsLookup::rcodeName)
        .containsExactly(tuple("b.test", "UNKNOWN"), tuple("c.test", "UNKNOWN"));
  }
}
