package dev.tcpmap.capture.track;

import static dev.tcpmap.capture.decode.TcpSegment.ACK;
import static dev.tcpmap.capture.decode.TcpSegment.SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TcpTrackerTest {
  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000 * MS;
  private static final TrackerConfig CONFIG =
      new TrackerConfig(Duration.ofSeconds(60), Duration.ofSeconds(20), 1024);

  private final List<Event> events = new ArrayList<>();
  private TcpTracker tracker = new TcpTracker(CONFIG, events::add);

  /** A tracker like the others that holds at most {@code maxConnections} at a time. */
  private TcpTracker trackingAtMost(int maxConnections) {
    return new TcpTracker(
        new TrackerConfig(CONFIG.idleTimeout(), CONFIG.connectTimeout(), maxConnections),
        events::add);
  }

  /** {@code c} after the tracker has seen its three-way handshake. */
  private TcpConversation established(TcpConversation c) {
    c.handshake().forEach(tracker::accept);
    return c;
  }

  private static TcpConversation web() {
    return TcpConversation.of("10.0.0.1", 40_000, "10.0.0.2", 443);
  }

  /** One way a conversation goes, with the outcome and duration it must be reported with. */
  record Script(
      String name,
      Function<TcpConversation, List<TcpSegment>> segments,
      long finishAfterNanos,
      Outcome outcome,
      long durationNanos) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Script> outcomes() {
    return Stream.of(
        new Script(
            "both FINs",
            c -> concat(c.handshake(), c.clientData(0, 10), c.clientFin(10), c.serverFin(0)),
            SECOND,
            Outcome.CLOSED,
            5 * MS),
        new Script(
            "one FIN then the capture ends",
            c -> concat(c.handshake(), c.clientFin(0), c.ack()),
            SECOND,
            Outcome.CLOSED,
            4 * MS),
        new Script(
            "RST after the handshake",
            c -> concat(c.handshake(), c.serverData(0, 5), c.serverRst(5)),
            SECOND,
            Outcome.RESET,
            4 * MS),
        new Script(
            "FIN then RST: the RST decides",
            c -> concat(c.handshake(), c.clientFin(0), c.serverRst(0)),
            SECOND,
            Outcome.RESET,
            4 * MS),
        new Script(
            "RST after both FINs stays closed",
            c -> concat(c.handshake(), c.clientFin(0), c.serverFin(0), c.clientRst(1)),
            SECOND,
            Outcome.CLOSED,
            4 * MS),
        new Script(
            "RST answering the SYN",
            c -> List.of(c.syn(), c.refusal()),
            SECOND,
            Outcome.REFUSED,
            MS),
        new Script(
            "unanswered SYN, finish after connectTimeout",
            c -> List.of(c.syn(), c.syn(), c.syn()),
            20 * SECOND,
            Outcome.TIMEOUT,
            2 * MS),
        new Script(
            "unanswered SYN, finish before connectTimeout",
            c -> List.of(c.syn(), c.syn()),
            19 * SECOND,
            Outcome.UNKNOWN,
            MS),
        new Script(
            "answered but not closed",
            c -> concat(c.handshake(), c.clientData(0, 100), c.serverData(0, 200)),
            SECOND,
            Outcome.UNKNOWN,
            4 * MS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outcomes")
  void accept_script_reportsOutcomeAndDuration(Script script) {
    TcpConversation c = web();
    long start = c.time();
    script.segments().apply(c).forEach(tracker::accept);
    tracker.finish(start + script.finishAfterNanos());

    Connection connection = single();
    assertThat(connection.outcome()).isEqualTo(script.outcome());
    assertThat(connection.duration()).isEqualTo(Duration.ofNanos(script.durationNanos()));
    assertThat(connection.start()).isEqualTo(instant(start));
    assertThat(connection.startSeen()).isTrue();
  }

  @Test
  void accept_handshake_opensWithRolesAndStart() {
    TcpConversation c = web();
    long start = c.time();
    c.handshake().forEach(tracker::accept);

    assertThat(events)
        .containsExactly(
            new ConnectionOpened(
                IpAddress.parse("10.0.0.1"),
                40_000,
                IpAddress.parse("10.0.0.2"),
                443,
                instant(start),
                true));
    assertThat(tracker.tracked()).isEqualTo(1);
  }

  @Test
  void accept_closedConnection_reportedAtOnceWithPayloadBytes() {
    TcpConversation c = established(web());
    feed(c.clientData(0, 300), c.serverData(0, 1_000), c.serverData(1_000, 460));
    feed(c.clientFin(300), c.serverFin(1_460));

    Connection connection = single();
    assertThat(connection.bytesSent()).isEqualTo(300);
    assertThat(connection.bytesReceived()).isEqualTo(1_460);
    assertThat(connection.client()).isEqualTo(IpAddress.parse("10.0.0.1"));
    assertThat(connection.serverPort()).isEqualTo(443);
  }

  @Test
  void accept_zeroByteConnection_countsNoSynOrFin() {
    TcpConversation c = established(web());
    feed(c.clientFin(0), c.serverFin(0), c.client(ACK, 1, 0));

    Connection connection = single();
    assertThat(connection.bytesSent()).isZero();
    assertThat(connection.bytesReceived()).isZero();
    assertThat(connection.outcome()).isEqualTo(Outcome.CLOSED);
  }

  @Test
  void accept_retransmissionsAndOverlaps_countedOnce() {
    TcpConversation c = established(web());
    feed(c.clientData(0, 100), c.clientData(0, 100), c.clientData(100, 100));
    feed(c.clientData(50, 100), c.clientData(150, 100), c.clientData(0, 250));
    tracker.finish(c.time());

    assertThat(single().bytesSent()).isEqualTo(250);
  }

  @Test
  void accept_lastSegmentMissedByTheCapture_theFinStillMarksTheEnd() {
    TcpConversation c = established(web());
    feed(c.serverData(0, 1_000), c.serverData(1_000, 1_000)); // 2000..2192 never captured
    feed(c.clientFin(0), c.serverFin(2_192));

    assertThat(single().bytesReceived()).isEqualTo(2_192);
    assertThat(single().bytesSent()).isZero();
  }

  @Test
  void accept_outOfOrder_countsEveryByte() {
    TcpConversation c = established(web());
    feed(c.serverData(200, 100), c.serverData(0, 100), c.serverData(300, 50));
    feed(c.serverData(100, 100));
    tracker.finish(c.time());

    assertThat(single().bytesReceived()).isEqualTo(350);
  }

  @Test
  void accept_sequenceWrapsMidTransfer_countsAcrossTheWrap() {
    TcpConversation c = established(web().isns(0xFFFF_FF00L, 0xFFFF_FFFFL));
    for (int i = 0; i < 10; i++) {
      feed(c.clientData(i * 100L, 100), c.serverData(i * 100L, 100));
    }
    feed(c.clientFin(1_000), c.serverFin(1_000));

    assertThat(single().bytesSent()).isEqualTo(1_000);
    assertThat(single().bytesReceived()).isEqualTo(1_000);
  }

  @Test
  void accept_moreThanFourGibibytes_countsEveryByte() {
    TcpConversation c = established(web().isns(0xF000_0000L, 7).step(1_000));
    long total = 5L << 30;
    int segment = 65_536;
    for (long offset = 0; offset < total; offset += segment) {
      tracker.accept(c.clientData(offset, segment));
    }
    feed(c.clientFin(total), c.serverFin(0));

    assertThat(single().bytesSent()).isEqualTo(total);
  }

  @Test
  void accept_staleSegments_neverMoveCountsBackOrJump() {
    TcpConversation c = established(web());
    feed(c.clientData(0, 1_000));
    // 100 bytes behind, and 2^31 + 5 behind (which looks 2^31 - 5 ahead in 32-bit arithmetic).
    feed(c.clientData(-100, 50), c.clientData(1_000 - (1L << 31) - 5, 1_000));
    tracker.finish(c.time());

    assertThat(single().bytesSent()).isEqualTo(1_000);
  }

  @Test
  void accept_midStreamSegmentExactlyHalfTheSpaceAway_neitherMovesTheCount() {
    TcpConversation c = web().step(1_000);
    long total = (1L << 30) + (1L << 20); // more than 1 GiB: 2^31 behind is within reach
    for (long offset = 0; offset < total; offset += 65_536) {
      tracker.accept(c.clientData(offset, 65_536));
    }

    feed(c.clientData(total - (1L << 31), 1_000), c.clientData(total + (1L << 31), 1_000));
    tracker.finish(c.time());

    assertThat(single().startSeen()).isFalse();
    assertThat(single().bytesSent()).isEqualTo(total);
  }

  @Test
  void accept_keepAliveProbes_addNothing() {
    TcpConversation c = established(web());
    feed(c.clientData(0, 500), c.client(ACK, 499, 0), c.client(ACK, 499, 1));
    tracker.finish(c.time());

    assertThat(single().bytesSent()).isEqualTo(500);
  }

  @Test
  void accept_keepAliveFirstOfMidStream_addsNothing() {
    TcpConversation c = web();
    feed(c.client(ACK, 500, 0), c.client(ACK, 499, 1), c.clientData(500, 10));
    tracker.finish(c.time());

    assertThat(single().bytesSent()).isEqualTo(10);
  }

  @Test
  void accept_synRetransmission_isTheSameConnection() {
    TcpConversation c = web();
    long start = c.time();
    feed(c.syn(), c.at(start + SECOND).syn(), c.synAck(), c.ack(), c.clientData(0, 10));
    tracker.finish(c.time());

    assertThat(single().start()).isEqualTo(instant(start));
    assertThat(single().bytesSent()).isEqualTo(10);
    assertThat(events).filteredOn(ConnectionOpened.class::isInstance).hasSize(1);
  }

  @Test
  void accept_freshSynAfterClose_startsSecondConnection() {
    TcpConversation c = established(web());
    feed(c.clientData(0, 10), c.clientFin(10), c.serverFin(0), c.ack());
    c.isns(77_777, 88_888);
    c.handshake().forEach(tracker::accept);
    feed(c.clientData(0, 20), c.clientFin(20), c.serverFin(0));

    assertThat(closed())
        .extracting(Connection::bytesSent, Connection::outcome)
        .containsExactly(tuple(10L, Outcome.CLOSED), tuple(20L, Outcome.CLOSED));
  }

  @Test
  void accept_freshSynOnLiveConnection_endsItAndStartsAnother() {
    TcpConversation c = established(web());
    feed(c.clientData(0, 10));
    long lastOfFirst = c.time() - MS;
    c.isns(123, 456);
    feed(c.syn());

    Connection first = single();
    assertThat(first.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(first.end()).isEqualTo(instant(lastOfFirst));
    assertThat(events).filteredOn(ConnectionOpened.class::isInstance).hasSize(2);
    assertThat(tracker.tracked()).isEqualTo(1);
  }

  @Test
  void accept_trailingPacketsAfterClose_absorbedByTombstone() {
    TcpConversation c = established(web());
    feed(c.clientFin(0), c.serverFin(0), c.ack(), c.serverFin(0), c.client(ACK, 1, 0));
    feed(c.clientRst(1), c.syn());
    tracker.finish(c.time());

    assertThat(events).filteredOn(ConnectionOpened.class::isInstance).hasSize(1);
    assertThat(single().outcome()).isEqualTo(Outcome.CLOSED);
  }

  @Test
  void accept_loneRst_createsNothing() {
    feed(web().serverRst(0));
    tracker.finish(0);

    assertThat(events).isEmpty();
    assertThat(tracker.tracked()).isZero();
  }

  @Test
  void accept_midStream_rolesFromPortsAndBytesFromFirstSeen() {
    TcpConversation c = web();
    long start = c.time();
    feed(c.serverData(10_000, 100), c.clientData(5_000, 40), c.serverData(10_100, 60));
    feed(c.serverFin(10_160), c.clientFin(5_040));

    Connection connection = single();
    assertThat(connection.startSeen()).isFalse();
    assertThat(connection.client()).isEqualTo(IpAddress.parse("10.0.0.1"));
    assertThat(connection.clientPort()).isEqualTo(40_000);
    assertThat(connection.start()).isEqualTo(instant(start));
    assertThat(connection.bytesSent()).isEqualTo(40);
    assertThat(connection.bytesReceived()).isEqualTo(160);
    assertThat(events.getFirst()).isInstanceOf(ConnectionOpened.class);
    assertThat(((ConnectionOpened) events.getFirst()).startSeen()).isFalse();
  }

  @Test
  void accept_midStreamReordered_countsTheEarlierSegment() {
    TcpConversation c = web();
    feed(c.clientData(1_000, 100), c.clientData(900, 100), c.clientData(1_100, 100));
    tracker.finish(c.time());

    assertThat(single().bytesSent()).isEqualTo(300);
  }

  @Test
  void accept_synAckSeenFirst_clientIsItsDestination() {
    TcpConversation c = TcpConversation.of("10.0.0.1", 8080, "10.0.0.2", 9090);
    feed(c.synAck(), c.ack(), c.clientData(0, 7), c.serverData(0, 9));
    tracker.finish(c.time());

    Connection connection = single();
    assertThat(connection.clientPort()).isEqualTo(8080);
    assertThat(connection.startSeen()).isFalse();
    assertThat(connection.bytesSent()).isEqualTo(7);
    assertThat(connection.bytesReceived()).isEqualTo(9);
  }

  @Test
  void accept_synFromServerSide_startsNewConnectionWithRolesSwapped() {
    TcpConversation c = web();
    feed(c.clientData(0, 10));
    TcpSegment reverse = c.segment(false, SYN, 42, 0, 0);
    feed(reverse);
    tracker.finish(c.time());

    assertThat(closed())
        .extracting(Connection::clientPort, Connection::startSeen)
        .containsExactly(tuple(40_000, false), tuple(443, true));
  }

  @Test
  void accept_ipv6_reportsAddresses() {
    TcpConversation c = established(TcpConversation.of("2001:db8::1", 50_000, "2001:db8::2", 80));
    feed(c.clientData(0, 3), c.clientFin(3), c.serverFin(0));

    assertThat(single().client()).isEqualTo(IpAddress.parse("2001:db8::1"));
    assertThat(single().server()).isEqualTo(IpAddress.parse("2001:db8::2"));
    assertThat(single().bytesSent()).isEqualTo(3);
  }

  @Test
  void accept_ipv4AndIpv6WithSameBits_areDifferentFlows() {
    TcpConversation v4 = new TcpConversation(IpAddress.v4(1), 40_000, IpAddress.v4(2), 80);
    TcpConversation v6 = new TcpConversation(IpAddress.v6(0, 1), 40_000, IpAddress.v6(0, 2), 80);
    feed(v4.syn(), v6.syn());

    assertThat(tracker.tracked()).isEqualTo(2);
  }

  @Test
  void accept_clockJumpingAcrossTheLongRange_sweepsEachSlotAtMostOncePerPacket() {
    // Corrupt pcapng timestamps can be any 64-bit value: the jump from the first to the second is
    // more than Long.MAX_VALUE nanoseconds, and the sweep's budget came from its wrapped value.
    long[] times = {-4_000_000_000_000_000_000L, 5_300_000_000_000_000_000L, Long.MAX_VALUE - 5};
    TcpConversation c = web();
    for (long time : times) {
      tracker.accept(c.at(time).clientData(0, 10));
    }

    assertThat(tracker.sweptSlots()).isLessThanOrEqualTo(times.length * 1024L);
    tracker.finish(Long.MAX_VALUE);
    assertThat(closed()).isNotEmpty();
  }

  @Test
  void accept_timestampsGoBackwards_durationsNeverNegative() {
    TcpConversation c = web();
    long start = c.time();
    feed(c.syn(), c.at(start - 3 * MS).synAck(), c.ack(), c.at(start - MS).serverRst(0));

    assertThat(single().outcome()).isEqualTo(Outcome.RESET);
    assertThat(single().duration()).isEqualTo(Duration.ZERO);
  }

  @Test
  void accept_packetOlderThanLast_keepsLastPacketTime() {
    TcpConversation c = web();
    long start = c.time();
    feed(c.syn(), c.synAck(), c.at(start + 10 * MS).ack(), c.at(start + 5 * MS).clientData(0, 1));
    tracker.finish(start + SECOND);

    assertThat(single().duration()).isEqualTo(Duration.ofMillis(10));
    assertThat(single().bytesSent()).isEqualTo(1);
  }

  @Test
  void accept_idleLongerThanTimeout_expiresAsUnknown() {
    TcpConversation idle = established(web());
    feed(idle.clientData(0, 10));
    long last = idle.time() - MS;
    TcpConversation later = TcpConversation.of("10.0.0.3", 40_001, "10.0.0.2", 443);
    feed(later.at(last + 61 * SECOND).syn());

    Connection expired = single();
    assertThat(expired.outcome()).isEqualTo(Outcome.UNKNOWN);
    assertThat(expired.end()).isEqualTo(instant(last));
    assertThat(expired.bytesSent()).isEqualTo(10);
    assertThat(tracker.expirations()).isEqualTo(1);
    assertThat(tracker.tracked()).isEqualTo(1);
  }

  @Test
  void accept_unansweredSynIdle_expiresAsTimeout() {
    TcpConversation c = web();
    feed(c.syn());
    feed(TcpConversation.of("10.0.0.3", 1, "10.0.0.4", 2).at(c.time() + 100 * SECOND).syn());

    assertThat(single().outcome()).isEqualTo(Outcome.TIMEOUT);
    assertThat(tracker.expirations()).isEqualTo(1);
  }

  @Test
  void accept_idleShorterThanTimeout_staysTracked() {
    TcpConversation c = established(web());
    feed(c.at(c.time() + 59 * SECOND).clientData(0, 10));
    feed(c.at(c.time() + 59 * SECOND).clientData(10, 10));
    tracker.finish(c.time());

    assertThat(single().bytesSent()).isEqualTo(20);
    assertThat(tracker.expirations()).isZero();
  }

  @Test
  void accept_tombstoneIdle_expiresSilently() {
    TcpConversation c = established(web());
    feed(c.clientFin(0), c.serverFin(0));
    feed(TcpConversation.of("10.0.0.3", 1, "10.0.0.4", 2).at(c.time() + 100 * SECOND).syn());

    assertThat(closed()).hasSize(1);
    assertThat(tracker.tracked()).isEqualTo(1);
    assertThat(tracker.expirations()).isZero();
  }

  @Test
  void accept_tableFull_evictsLeastRecentlyActiveOfTheSample() {
    tracker = trackingAtMost(16);
    List<TcpConversation> conversations = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      TcpConversation c = TcpConversation.of("10.0.1." + i, 40_000 + i, "10.0.0.2", 443);
      c.at(1_000 * SECOND + i * SECOND);
      conversations.add(c);
      feed(c.syn());
    }

    assertThat(tracker.tracked()).isEqualTo(16);
    assertThat(tracker.evictions()).isEqualTo(1);
    assertThat(events)
        .filteredOn(EventsLost.class::isInstance)
        .containsExactly(new EventsLost("tracker", "evicted", 1));
    Connection evicted = single();
    assertThat(evicted.outcome()).isEqualTo(Outcome.UNKNOWN);
    // The oldest of 8 sampled out of 16 is at worst the ninth oldest.
    assertThat(evicted.clientPort()).isBetween(40_000, 40_008);
  }

  @Test
  void accept_manyMoreThanCap_memoryStaysBoundedAndEveryConnectionReported() {
    tracker = trackingAtMost(16);
    for (int i = 0; i < 10_000; i++) {
      TcpConversation c =
          established(
              new TcpConversation(IpAddress.v4(0x0A00_0000 + i), 40_000, IpAddress.v4(1), 80));
      feed(c.clientData(0, 10));
      assertThat(tracker.tracked()).isLessThanOrEqualTo(16);
    }
    tracker.finish(Long.MAX_VALUE / 2);

    assertThat(tracker.evictions()).isEqualTo(10_000 - 16);
    assertThat(closed()).hasSize(10_000).allMatch(c -> c.bytesSent() == 10);
    assertThat(events).filteredOn(EventsLost.class::isInstance).hasSize(10_000 - 16);
  }

  @Test
  void accept_tableFullOfTombstones_evictsThemSilently() {
    tracker = trackingAtMost(16);
    for (int i = 0; i < 40; i++) {
      TcpConversation c = established(TcpConversation.of("10.0.1." + i, 40_000, "10.0.0.2", 443));
      feed(c.clientFin(0), c.serverFin(0));
    }

    assertThat(tracker.evictions()).isZero();
    assertThat(events).noneMatch(EventsLost.class::isInstance);
    assertThat(closed()).hasSize(40);
  }

  @Test
  void accept_evictedConnectionContinues_becomesMidStreamRecord() {
    tracker = trackingAtMost(16);
    TcpConversation first =
        established(TcpConversation.of("10.0.9.9", 40_000, "10.0.0.2", 443).at(0));
    // The clock hand samples 8 entries per eviction, so 32 newer connections reach the oldest.
    for (int i = 0; i < 32; i++) {
      TcpConversation.of("10.0.1." + i, 40_000, "10.0.0.2", 443)
          .at(SECOND)
          .handshake()
          .forEach(tracker::accept);
    }
    feed(first.at(2 * SECOND).clientData(0, 10));
    tracker.finish(3 * SECOND);

    assertThat(closed())
        .filteredOn(c -> c.client().equals(IpAddress.parse("10.0.9.9")))
        .extracting(Connection::startSeen, Connection::bytesSent)
        .containsExactly(tuple(true, 0L), tuple(false, 10L));
  }

  @Test
  void acceptBatch_manyConversations_sameEventsAsOneByOne() {
    List<TcpSegment> all = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      TcpConversation c =
          new TcpConversation(IpAddress.v4(0x0A00_0000 + i), 40_000, IpAddress.v4(1), 443);
      all.addAll(c.at(i * MS).handshake());
      all.addAll(List.of(c.clientData(0, i), c.serverData(0, 2 * i), c.clientFin(i)));
    }
    all.sort(java.util.Comparator.comparingLong(s -> s.timestampNanos));
    TrackerConfig roomy = new TrackerConfig(CONFIG.idleTimeout(), CONFIG.connectTimeout(), 4_096);
    tracker = new TcpTracker(roomy, events::add);
    List<Event> batched = new ArrayList<>();
    TcpTracker batchTracker = new TcpTracker(roomy, batched::add);

    all.forEach(tracker::accept);
    TcpSegment[] array = all.toArray(new TcpSegment[0]);
    batchTracker.accept(array, 100);
    batchTracker.accept(java.util.Arrays.copyOfRange(array, 100, array.length), array.length - 100);
    tracker.finish(10 * SECOND);
    batchTracker.finish(10 * SECOND);

    assertThat(batched).hasSize(6_000).isEqualTo(events);
  }

  @Test
  void finish_reportsInStartOrderAndClears() {
    TcpConversation b = TcpConversation.of("10.0.0.9", 40_000, "10.0.0.2", 443).at(2 * SECOND);
    TcpConversation a = TcpConversation.of("10.0.0.8", 40_000, "10.0.0.2", 443).at(SECOND);
    b.handshake().forEach(tracker::accept);
    a.handshake().forEach(tracker::accept);
    tracker.finish(3 * SECOND);

    assertThat(closed())
        .extracting(Connection::start)
        .containsExactly(instant(SECOND), instant(2 * SECOND));
    assertThat(tracker.tracked()).isZero();
  }

  private void feed(TcpSegment... segments) {
    for (TcpSegment segment : segments) {
      tracker.accept(segment);
    }
  }

  private List<Connection> closed() {
    return events.stream()
        .filter(ConnectionClosed.class::isInstance)
        .map(e -> ((ConnectionClosed) e).connection())
        .toList();
  }

  private Connection single() {
    assertThat(closed()).hasSize(1);
    return closed().getFirst();
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(0, nanos);
  }

  private static List<TcpSegment> concat(List<TcpSegment> first, TcpSegment... rest) {
    List<TcpSegment> all = new ArrayList<>(first);
    all.addAll(List.of(rest));
    return all;
  }
}
