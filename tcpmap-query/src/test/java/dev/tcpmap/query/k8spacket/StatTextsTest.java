package dev.tcpmap.query.k8spacket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.query.StatsType;
import dev.tcpmap.query.k8spacket.StatTexts.Stat;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatTextsTest {
  private static Totals totals(long count, long persistent, long toServer, long toClient) {
    return new Totals(
        count, persistent, toServer, toClient, Duration.ofMillis(500), Duration.ofMillis(300));
  }

  private static Totals durations(long count, Duration sum, Duration max) {
    return new Totals(count, 0, 0, 0, sum, max);
  }

  @Test
  void connection_node_countsAndArcs() {
    // k8spacket's connection_test.go case: 100 connections, 10 persistent.
    assertThat(StatTexts.node(totals(100, 10, 0, 0), StatsType.CONNECTION))
        .isEqualTo(new Stat("all: 100", "persistent: 10", 0.1, 0.9));
  }

  @Test
  void connection_nodeWithoutIncomingEdges_isNotAvailable() {
    assertThat(StatTexts.node(Totals.NONE, StatsType.CONNECTION))
        .isEqualTo(new Stat("all: N/A", "persistent: N/A", 0, 0));
  }

  @Test
  void connection_edge_counts() {
    assertThat(StatTexts.edge(totals(100, 20, 0, 0), StatsType.CONNECTION))
        .isEqualTo(new Stat("all: 100", "persistent: 20", 0, 0));
  }

  @Test
  void bytes_node_ratesPerSecondFromTheNodesSide() {
    // bytes_test.go's case, with the duration in seconds: received 100, responded 300 in 0.5 s.
    assertThat(StatTexts.node(totals(1, 0, 100, 300), StatsType.BYTES))
        .isEqualTo(new Stat("recv: 200.00B/s", "resp: 600.00B/s", 0.25, 0.75));
  }

  @Test
  void bytes_edge_sentAndReceivedPerSecond() {
    assertThat(StatTexts.edge(totals(1, 0, 300, 100), StatsType.BYTES))
        .isEqualTo(new Stat("sent: 600.00B/s", "recv: 200.00B/s", 0, 0));
  }

  @Test
  void bytes_largeRate_usesBinaryUnits() {
    Totals t = new Totals(1, 0, 1536 * 2, 20 * 1024 * 2, Duration.ofSeconds(2), Duration.ZERO);
    assertThat(StatTexts.node(t, StatsType.BYTES).main()).isEqualTo("recv: 1.50KB/s");
    assertThat(StatTexts.node(t, StatsType.BYTES).secondary()).isEqualTo("resp: 20.00KB/s");
  }

  @Test
  void bytes_oneDirectionZero_isAZeroRateNotNotAvailable() {
    Stat stat = StatTexts.node(totals(1, 0, 100, 0), StatsType.BYTES);
    assertThat(stat).isEqualTo(new Stat("recv: 200.00B/s", "resp: 0.00B/s", 1, 0));
  }

  @Test
  void bytes_noPayloadAtAll_hasZeroRatesAndNoArcs() {
    assertThat(StatTexts.node(totals(1, 0, 0, 0), StatsType.BYTES))
        .isEqualTo(new Stat("recv: 0.00B/s", "resp: 0.00B/s", 0, 0));
  }

  @Test
  void bytes_noConnectionTime_isNotAvailable() {
    Totals t = new Totals(1, 0, 100, 300, Duration.ZERO, Duration.ZERO);
    assertThat(StatTexts.node(t, StatsType.BYTES))
        .isEqualTo(new Stat("recv: N/A", "resp: N/A", 0, 0));
    assertThat(StatTexts.edge(t, StatsType.BYTES))
        .isEqualTo(new Stat("sent: N/A", "recv: N/A", 0, 0));
  }

  @Test
  void duration_node_averageMaxAndArcs() {
    // duration_test.go's case: 2 connections, 100 ms in all, longest 200 ms (sic).
    assertThat(
            StatTexts.node(
                durations(2, Duration.ofMillis(100), Duration.ofMillis(200)), StatsType.DURATION))
        .isEqualTo(new Stat("avg: 50ms", "max: 200ms", 0.25, 0.75));
  }

  @Test
  void duration_edge_hasNoArcs() {
    assertThat(
            StatTexts.edge(
                durations(3, Duration.ofSeconds(370), Duration.ofSeconds(123)), StatsType.DURATION))
        .isEqualTo(new Stat("avg: 2m3.333333333s", "max: 2m3s", 0, 0));
  }

  @Test
  void duration_subMicrosecondAverage_printsTheValue() {
    assertThat(
            StatTexts.edge(
                    durations(3, Duration.ofNanos(2000), Duration.ofNanos(2000)),
                    StatsType.DURATION)
                .main())
        .isEqualTo("avg: 666ns");
  }

  @Test
  void duration_allZero_isNotAvailable() {
    assertThat(StatTexts.node(durations(4, Duration.ZERO, Duration.ZERO), StatsType.DURATION))
        .isEqualTo(new Stat("avg: N/A", "max: N/A", 0, 0));
    assertThat(StatTexts.node(Totals.NONE, StatsType.DURATION).main()).isEqualTo("avg: N/A");
  }
}
