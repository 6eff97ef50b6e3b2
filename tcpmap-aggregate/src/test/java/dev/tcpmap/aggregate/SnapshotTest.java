package dev.tcpmap.aggregate;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.testing.TestConnections;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotTest {
  @Test
  void new_copiesItsInputs() {
    List<Connection> connections = new ArrayList<>();
    connections.add(TestConnections.of("10.0.0.1", "10.0.0.2", 80));
    Map<String, Long> losses = new HashMap<>(Map.of("evicted", 3L));
    Snapshot snapshot =
        Snapshot.of(connections, Resolver.IP_ONLY, losses, T0, List.of(), List.of());
    connections.clear();
    losses.clear();
    assertThat(snapshot.connections()).hasSize(1);
    assertThat(snapshot.records().getFirst().server().name()).isEqualTo("10.0.0.2");
    assertThat(snapshot.losses()).containsEntry("evicted", 3L);
  }

  @Test
  void new_negativeLoss_throws() {
    assertThatThrownBy(
            () -> new Snapshot(List.of(), Map.of("evicted", -1L), T0, List.of(), List.of()))
        .hasMessage("loss count is negative: evicted=-1");
  }

  @Test
  void empty_hasNothing() {
    Snapshot empty = Snapshot.empty(T0);
    assertThat(empty.connections()).isEmpty();
    assertThat(empty.handshakes()).isEmpty();
    assertThat(empty.names()).isEmpty();
  }
}
