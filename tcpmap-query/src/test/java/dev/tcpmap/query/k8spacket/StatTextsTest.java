package dev.tcpmap.query.k8spacket;

import static dev.tcpmap.query.StatsType.BYTES;
import static dev.tcpmap.query.StatsType.CONNECTION;
import static dev.tcpmap.query.StatsType.DURATION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.query.StatsType;
import dev.tcpmap.query.k8spacket.StatTexts.Stat;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StatTextsTest {
  private static Totals totals(long count, long persistent, long toServer, long toClient) {
    return new Totals(
        count, persistent, toServer, toClient, Duration.ofMillis(500), Duration.ofMillis(300));
  }

  private static final Totals NO_TIME = new Totals(1, 0, 100, 300, Duration.ZERO, Duration.ZERO);

  private static Totals durations(long count, Duration sum, Duration max) {
    return new Totals(count, 0, 0, 0, sum, max);
  }

  /** One stat of one table row: for a node (the totals into it) or for an edge. */
  record Case(
      String name,
      BiFunction<Totals, StatsType, Stat> of,
      StatsType type,
      Totals totals,
      Stat expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A row's name and input; {@link #is} adds the stat expected. */
  record Given(String name, BiFunction<Totals, StatsType, Stat> of, StatsType type, Totals t) {
    Case is(String main, String secondary, double arc1, double arc2) {
      return new Case(name, of, type, t, new Stat(main, secondary, arc1, arc2));
    }
  }

  private static Given node(String name, StatsType type, Totals totals) {
    return new Given("node: " + name, StatTexts::node, type, totals);
  }

  private static Given edge(String name, StatsType type, Totals totals) {
    return new Given("edge: " + name, StatTexts::edge, type, totals);
  }

  static Stream<Case> stats() {
    return Stream.of(
        // k8spacket's connection_test.go case: 100 connections, 10 persistent.
        node("connection counts and arcs", CONNECTION, totals(100, 10, 0, 0))
            .is("all: 100", "persistent: 10", 0.1, 0.9),
        node("no incoming edges, connections not available", CONNECTION, Totals.NONE)
            .is("all: N/A", "persistent: N/A", 0, 0),
        edge("connection counts", CONNECTION, totals(100, 20, 0, 0))
            .is("all: 100", "persistent: 20", 0, 0),
        // bytes_test.go's case, with the duration in seconds: received 100, responded 300 in 0.5 s.
        node("bytes per second from the node's side", BYTES, totals(1, 0, 100, 300))
            .is("recv: 200.00B/s", "resp: 600.00B/s", 0.25, 0.75),
        edge("bytes sent and received per second", BYTES, totals(1, 0, 300, 100))
            .is("sent: 600.00B/s", "recv: 200.00B/s", 0, 0),
        node("one direction zero, a zero rate not N/A", BYTES, totals(1, 0, 100, 0))
            .is("recv: 200.00B/s", "resp: 0.00B/s", 1, 0),
        node("no payload at all, zero rates and no arcs", BYTES, totals(1, 0, 0, 0))
            .is("recv: 0.00B/s", "resp: 0.00B/s", 0, 0),
        node("no connection time, bytes not available", BYTES, NO_TIME)
            .is("recv: N/A", "resp: N/A", 0, 0),
        edge("no connection time, bytes not available", BYTES, NO_TIME)
            .is("sent: N/A", "recv: N/A", 0, 0),
        // duration_test.go's case: 2 connections, 100 ms in all, longest 200 ms (sic).
        node("average, max and arcs", DURATION, durations(2, ms(100), ms(200)))
            .is("avg: 50ms", "max: 200ms", 0.25, 0.75),
        edge("durations without arcs", DURATION, durations(3, seconds(370), seconds(123)))
            .is("avg: 2m3.333333333s", "max: 2m3s", 0, 0),
        node("zero durations, not available", DURATION, durations(4, Duration.ZERO, Duration.ZERO))
            .is("avg: N/A", "max: N/A", 0, 0));
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  private static Duration seconds(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stats")
  void stat_asK8spacketShowsIt(Case c) {
    assertThat(c.of().apply(c.totals(), c.type())).isEqualTo(c.expected());
  }

  @Test
  void bytes_largeRate_usesBinaryUnits() {
    Totals t = new Totals(1, 0, 1536 * 2, 20 * 1024 * 2, Duration.ofSeconds(2), Duration.ZERO);
    assertThat(StatTexts.node(t, BYTES).main()).isEqualTo("recv: 1.50KB/s");
    assertThat(StatTexts.node(t, BYTES).secondary()).isEqualTo("resp: 20.00KB/s");
  }

  @Test
  void duration_subMicrosecondAverage_printsTheValue() {
    assertThat(
            StatTexts.edge(durations(3, Duration.ofNanos(2000), Duration.ofNanos(2000)), DURATION)
                .main())
        .isEqualTo("avg: 666ns");
  }

  @Test
  void duration_noEdges_isNotAvailable() {
    assertThat(StatTexts.node(Totals.NONE, DURATION).main()).isEqualTo("avg: N/A");
  }
}
