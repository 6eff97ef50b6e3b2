package dev.tcpmap.query.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.Side;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.testing.ClusterWorld;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerEdgesTest {
  private static PeerEdges observe(dev.tcpmap.aggregate.Snapshot snapshot) {
    return PeerEdges.observe(snapshot, ClusterWorld.NAMES, Duration.ofSeconds(10), TimeRange.ALL);
  }

  @Test
  void observe_marksEachEdgeByTheSideSeen() {
    PeerEdges b = observe(ClusterWorld.NODE_B);

    List<String> sides =
        b.edges().stream()
            .map(
                e ->
                    e.side()
                        + " "
                        + e.stats().key().client().name()
                        + "→"
                        + e.stats().key().server().name())
            .toList();
    assertThat(sides)
        .containsExactly(
            "CLIENT api-7→198.51.100.1",
            "SERVER web-1→api-7",
            "SERVER batch-1→api-7",
            "SERVER worker-1→api-7",
            "SERVER cron-1→api-7",
            "SERVER 203.0.113.9→api-7");
    assertThat(b.losses()).containsEntry("agent/close-missed", 2L);
    assertThat(b.asOf()).isEqualTo(ClusterWorld.NOW.minusSeconds(1));
  }

  @Test
  void observe_bothEndsOnTheHost_isClientSide() {
    PeerEdges a = observe(ClusterWorld.NODE_A);

    assertThat(a.edges()).allMatch(e -> e.side() == Side.CLIENT);
    assertThat(a.edges().stream().mapToLong(e -> e.stats().connections()).sum()).isEqualTo(3);
  }

  @Test
  void observe_recordsFromPackets_areClientSide() {
    var packets =
        dev.tcpmap.aggregate.Snapshot.of(
            List.of(dev.tcpmap.core.testing.TestConnections.of("10.0.0.1", "10.0.0.2", 80)),
            ClusterWorld.NAMES,
            java.util.Map.of(),
            ClusterWorld.NOW,
            List.of(),
            List.of());

    assertThat(observe(packets).edges())
        .singleElement()
        .extracting(SidedEdge::side)
        .isEqualTo(Side.CLIENT);
  }

  @Test
  void observe_window_keepsOverlappingConnectionsOnly() {
    long t0 = dev.tcpmap.core.testing.TestConnections.T0.toEpochMilli();
    PeerEdges b =
        PeerEdges.observe(
            ClusterWorld.NODE_B,
            ClusterWorld.NAMES,
            Duration.ofSeconds(10),
            new TimeRange(t0 + 7_000, t0 + 9_000));

    // outside → api-7 at +7 s, api-7 → stripe at +8 s, and web-1 → api-7 from +2 s to +14.25 s
    assertThat(b.edges()).hasSize(3);
  }
}
