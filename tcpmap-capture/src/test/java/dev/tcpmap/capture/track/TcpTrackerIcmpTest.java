package dev.tcpmap.capture.track;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TcpTracker#icmpError}: a connect that an ICMP error answered. */
class TcpTrackerIcmpTest {
  private static final long MS = 1_000_000L;

  private final List<Event> events = new ArrayList<>();
  private final TcpTracker tracker = new TcpTracker(TrackerConfig.defaults(), events::add);
  private final TcpConversation web = TcpConversation.of("10.0.0.1", 40_000, "10.0.0.2", 80);

  private List<Connection> closed() {
    return events.stream()
        .filter(ConnectionClosed.class::isInstance)
        .map(e -> ((ConnectionClosed) e).connection())
        .toList();
  }

  /** The error as the decoder hands it over: the quoted SYN's tuple, at the error's time. */
  private TcpSegment quoteOfTheSyn() {
    TcpSegment quote = web.syn();
    quote.flags = 0;
    return quote;
  }

  @Test
  void errorAnsweringTheSyn_endsTheConnectionUnreachableAtTheError() {
    tracker.accept(web.syn());
    web.at(web.time() + 4 * MS);

    assertThat(tracker.icmpError(quoteOfTheSyn(), true)).isTrue();

    assertThat(closed()).hasSize(1);
    Connection c = closed().getFirst();
    assertThat(c.outcome()).isEqualTo(Outcome.UNREACHABLE);
    assertThat(c.duration()).isEqualTo(Duration.ofMillis(5));
    assertThat(c.startSeen()).isTrue();
  }

  @Test
  void errorAfterTheHandshake_isMatchedButChangesNothing() {
    web.handshake().forEach(tracker::accept);

    assertThat(tracker.icmpError(quoteOfTheSyn(), true)).isTrue();

    assertThat(closed()).isEmpty();
    tracker.finish(web.time());
    assertThat(closed()).extracting(Connection::outcome).containsExactly(Outcome.UNKNOWN);
  }

  @Test
  void errorThatDoesNotFailDelivery_leavesTheConnectTrying() {
    tracker.accept(web.syn());

    tracker.icmpError(quoteOfTheSyn(), false);

    assertThat(closed()).isEmpty();
  }

  @Test
  void errorForAnUnknownConnection_isNotMatched() {
    assertThat(tracker.icmpError(quoteOfTheSyn(), true)).isFalse();
    assertThat(events).isEmpty();
  }
}
