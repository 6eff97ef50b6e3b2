package dev.tcpmap.query.edges;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static dev.tcpmap.core.testing.TestConnections.at;
import static dev.tcpmap.core.testing.TestConnections.connection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.testing.TestConnections;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.testing.TestEndpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgesTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  private static List<EdgeStats> aggregate(TimeRange range, Connection... connections) {
    return Edges.aggregate(List.of(connections), Resolver.IP_ONLY, TEN_SECONDS, range);
  }

  @Test
  void aggregate_sumsBytesAndDurationsExactly() {
    List<EdgeStats> edges =
        aggregate(
            TimeRange.ALL,
            connection("10.0.0.1", 40001, "10.0.0.2", 80, T0, Duration.ofNanos(1_500_001), 7, 11),
            connection(
                "10.0.0.1", 40002, "10.0.0.2", 80, T0.plusSeconds(5), Duration.ofMillis(250), 3, 5),
            connection(
                "10.0.0.1",
                40003,
                "10.0.0.2",
                80,
                T0.plusSeconds(1),
                Duration.ofMinutes(2),
                1L << 40,
                0,
                Outcome.RESET));
    assertThat(edges).hasSize(1);
    EdgeStats edge = edges.getFirst();
    assertThat(edge.connections()).isEqualTo(3);
    assertThat(edge.bytesSent()).isEqualTo((1L << 40) + 10);
    assertThat(edge.bytesReceived()).isEqualTo(16);
    assertThat(edge.durationSum())
        .isEqualTo(Duration.ofMinutes(2).plusMillis(250).plusNanos(1_500_001));
    assertThat(edge.durationMax()).isEqualTo(Duration.ofMinutes(2));
    assertThat(edge.outcomes()).isEqualTo(new OutcomeCounts(2, 1, 0, 0, 0, 0));
    assertThat(edge.persistent()).isEqualTo(1);
    assertThat(edge.firstStart()).isEqualTo(T0);
    assertThat(edge.lastSeen()).isEqualTo(T0.plusSeconds(121));
  }

  @Test
  void aggregate_keysByServerPortNotClientPort() {
    List<EdgeStats> edges =
        aggregate(
            TimeRange.ALL,
            connection("10.0.0.1", 1, "10.0.0.2", 80, T0, Duration.ZERO, 0, 0),
            connection("10.0.0.1", 2, "10.0.0.2", 80, T0, Duration.ZERO, 0, 0),
            connection("10.0.0.1", 1, "10.0.0.2", 443, T0, Duration.ZERO, 0, 0));
    assertThat(edges)
        .extracting(e -> e.key().serverPort(), EdgeStats::connections)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(80, 2L),
            org.assertj.core.groups.Tuple.tuple(443, 1L));
  }

  @Test
  void aggregate_persistentThreshold_isInclusive() {
    Connection base = TestConnections.of("10.0.0.1", "10.0.0.2", 80);
    List<EdgeStats> edges =
        aggregate(
            TimeRange.ALL,
            at(base, T0, TEN_SECONDS.minusNanos(1)),
            at(base, T0, TEN_SECONDS),
            at(base, T0, TEN_SECONDS.plusNanos(1)));
    assertThat(edges.getFirst().persistent()).isEqualTo(2);
  }

  @Test
  void aggregate_windowCountsOverlappingLifetimes() {
    Connection base = TestConnections.of("10.0.0.1", "10.0.0.2", 80);
    Instant from = T0;
    Instant to = T0.plusSeconds(60);
    TimeRange range = new TimeRange(from.toEpochMilli(), to.toEpochMilli());
    List<EdgeStats> edges =
        aggregate(
            range,
            at(base, from.minusSeconds(10), Duration.ofSeconds(10)), // ends at from: in
            at(base, from.minusSeconds(10), Duration.ofSeconds(9)), // ends before: out
            at(base, from.minusSeconds(3600), Duration.ofHours(3)), // spans: in
            at(base, to.minusNanos(1000), Duration.ofHours(1)), // starts just before to: in
            at(base, to, Duration.ZERO)); // starts at to: out
    assertThat(edges.getFirst().connections()).isEqualTo(3);
  }

  @Test
  void aggregate_nothingInWindow_isEmpty() {
    Connection c = TestConnections.of("10.0.0.1", "10.0.0.2", 80);
    assertThat(aggregate(new TimeRange(0, 1_000), c)).isEmpty();
  }

  @Test
  void aggregate_resolvesAtConnectionStart() {
    // A pod IP reused by another pod yields two edges, each with the name it had then.
    Instant renamed = T0.plusSeconds(30);
    Connection base = TestConnections.of("10.0.0.1", "10.0.0.2", 80);
    List<EdgeStats> edges =
        Edges.aggregate(
            List.of(at(base, T0, Duration.ofMinutes(5)), at(base, renamed, Duration.ZERO)),
            TestEndpoints.reusedAt("10.0.0.2", renamed),
            TEN_SECONDS,
            TimeRange.ALL);
    assertThat(edges).extracting(e -> e.key().server().name()).containsExactly("new", "old");
  }

  @Test
  void aggregate_ordersByClientThenServerThenPort() {
    List<EdgeStats> edges =
        aggregate(
            TimeRange.ALL,
            TestConnections.of("2001:db8::1", "10.0.0.1", 80),
            TestConnections.of("10.0.0.9", "10.0.0.1", 80),
            TestConnections.of("10.0.0.1", "10.0.0.3", 80),
            TestConnections.of("10.0.0.1", "10.0.0.2", 8080),
            TestConnections.of("10.0.0.1", "10.0.0.2", 443));
    assertThat(edges)
        .extracting(
            e ->
                e.key().client().name()
                    + ">"
                    + e.key().server().name()
                    + ":"
                    + e.key().serverPort())
        .containsExactly(
            "10.0.0.1>10.0.0.2:443",
            "10.0.0.1>10.0.0.2:8080",
            "10.0.0.1>10.0.0.3:80",
            "10.0.0.9>10.0.0.1:80",
            "2001:db8::1>10.0.0.1:80");
  }

  @Test
  void isPersistent_comparesWithThreshold() {
    Connection c = at(TestConnections.of("10.0.0.1", "10.0.0.2", 80), T0, Duration.ofSeconds(3));
    assertThat(Edges.isPersistent(c, Duration.ofSeconds(3))).isTrue();
    assertThat(Edges.isPersistent(c, Duration.ofSeconds(4))).isFalse();
  }
}
