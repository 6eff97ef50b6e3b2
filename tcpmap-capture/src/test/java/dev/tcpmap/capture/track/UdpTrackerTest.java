package dev.tcpmap.capture.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.capture.testing.Segments;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.event.UdpFlowEnded;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.UdpFlow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UdpTrackerTest {
  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000 * MS;
  private static final long T0 = 1_700_000_000_000_000_000L;
  private static final IpAddress CLIENT = IpAddress.parse("10.0.0.1");
  private static final IpAddress SERVER = IpAddress.parse("10.0.0.2");

  private final List<Event> events = new ArrayList<>();
  private final UdpTracker tracker =
      new UdpTracker(new UdpConfig(Duration.ofSeconds(30), 16, Duration.ofSeconds(5)), events::add);

  private static TcpSegment datagram(
      IpAddress from, int fromPort, IpAddress to, int toPort, long at, int length) {
    TcpSegment s = Segments.between(from, fromPort, to, toPort);
    s.timestampNanos = at;
    s.payloadLength = length;
    return s;
  }

  private static TcpSegment request(long at, int length) {
    return datagram(CLIENT, 40_000, SERVER, 9_999, at, length);
  }

  private static TcpSegment reply(long at, int length) {
    return datagram(SERVER, 9_999, CLIENT, 40_000, at, length);
  }

  private List<UdpFlow> flows() {
    return events.stream()
        .filter(UdpFlowEnded.class::isInstance)
        .map(e -> ((UdpFlowEnded) e).flow())
        .toList();
  }

  @Test
  void exchange_countsPayloadAndDatagramsEachWay() {
    tracker.accept(request(T0, 100));
    tracker.accept(reply(T0 + MS, 1_000));
    tracker.accept(request(T0 + 2 * MS, 20));
    tracker.finish();

    assertThat(flows())
        .containsExactly(
            new UdpFlow(
                CLIENT,
                40_000,
                SERVER,
                9_999,
                Instant.ofEpochSecond(0, T0),
                Duration.ofMillis(2),
                120,
                1_000,
                2,
                1,
                Outcome.UNKNOWN));
  }

  @Test
  void replyFromAWellKnownPortSeenFirst_makesThatPortTheServer() {
    tracker.accept(datagram(SERVER, 53, CLIENT, 45_000, T0, 80));
    tracker.finish();

    UdpFlow flow = flows().getFirst();
    assertThat(flow.server()).isEqualTo(SERVER);
    assertThat(flow.serverPort()).isEqualTo(53);
    assertThat(flow.bytesReceived()).isEqualTo(80);
    assertThat(flow.datagramsSent()).isZero();
  }

  @Test
  void quietForTheIdleTimeout_endsClosedWhenAnswered_timeoutWhenNot() {
    tracker.accept(request(T0, 10));
    tracker.accept(reply(T0 + MS, 10));
    tracker.accept(datagram(CLIENT, 40_001, SERVER, 9_999, T0 + 2 * MS, 10));
    assertThat(flows()).isEmpty();

    tracker.advance(T0 + 2 * MS + 30 * SECOND);

    assertThat(flows())
        .extracting(UdpFlow::clientPort, UdpFlow::outcome)
        .containsExactly(tuple(40_000, Outcome.CLOSED), tuple(40_001, Outcome.TIMEOUT));
    assertThat(tracker.tracked()).isZero();
  }

  @Test
  void portUnreachable_makesTheFlowRefused_otherErrorsUnreachable() {
    tracker.accept(request(T0, 10));
    tracker.accept(datagram(CLIENT, 40_001, SERVER, 9_999, T0, 10));

    assertThat(tracker.icmpError(request(T0 + MS, 0), true, true)).isTrue();
    assertThat(tracker.icmpError(datagram(CLIENT, 40_001, SERVER, 9_999, T0 + MS, 0), false, true))
        .isTrue();
    assertThat(tracker.icmpError(datagram(CLIENT, 40_002, SERVER, 9_999, T0 + MS, 0), true, true))
        .isFalse();
    tracker.finish();

    assertThat(flows())
        .extracting(UdpFlow::clientPort, UdpFlow::outcome)
        .containsExactly(tuple(40_000, Outcome.REFUSED), tuple(40_001, Outcome.UNREACHABLE));
  }

  @Test
  void packetTooBig_leavesTheOutcomeAlone() {
    tracker.accept(request(T0, 10));
    tracker.icmpError(request(T0 + MS, 0), false, false);
    tracker.advance(T0 + 31 * SECOND);

    assertThat(flows()).extracting(UdpFlow::outcome).containsExactly(Outcome.TIMEOUT);
  }

  @Test
  void moreFlowsThanTheBound_evictsTheLeastRecentlyActiveAndCountsIt() {
    for (int i = 0; i < 16; i++) {
      tracker.accept(datagram(CLIENT, 40_000 + i, SERVER, 9_999, T0 + i * MS, 1));
    }
    tracker.accept(datagram(CLIENT, 40_000, SERVER, 9_999, T0 + 20 * MS, 1));

    tracker.accept(datagram(CLIENT, 50_000, SERVER, 9_999, T0 + 21 * MS, 1));

    assertThat(tracker.tracked()).isEqualTo(16);
    assertThat(tracker.evictions()).isEqualTo(1);
    assertThat(flows())
        .extracting(UdpFlow::clientPort, UdpFlow::outcome)
        .containsExactly(tuple(40_001, Outcome.UNKNOWN));
    assertThat(events).contains(new EventsLost("udp", "evicted", 1));
  }
}
