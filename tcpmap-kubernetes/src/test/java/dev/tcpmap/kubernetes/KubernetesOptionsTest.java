package dev.tcpmap.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubernetesOptionsTest {

  @Test
  void defaults_noPeerDiscovery() {
    assertThat(KubernetesOptions.defaults().discoversPeers()).isFalse();
    assertThat(
            KubernetesOptions.defaults().withPeers("", "app=tcpmap", "", 6676, "").discoversPeers())
        .isTrue();
  }

  @Test
  void new_badValues_areRejectedWithTheirName() {
    assertThatThrownBy(() -> tombstones(Duration.ofSeconds(-1), 1))
        .hasMessageContaining("tombstoneGrace");
    assertThatThrownBy(() -> tombstones(Duration.ZERO, -1)).hasMessageContaining("maxTombstones");
    assertThatThrownBy(() -> KubernetesOptions.defaults().withPeers("", "a=b", "", 0, ""))
        .hasMessageContaining("peerPort");
    assertThatThrownBy(
            () -> KubernetesOptions.defaults().withPeers("", "a=b", "spec.image=x", 1, ""))
        .hasMessageContaining("spec.image");
    assertThatThrownBy(
            () -> new KubernetesOptions(Optional.empty(), Duration.ZERO, 0, "", "", "", 1, null))
        .hasMessageContaining("selfName");
  }

  private static KubernetesOptions tombstones(Duration grace, int max) {
    return new KubernetesOptions(Optional.empty(), grace, max, "", "", "", 6676, "");
  }
}
