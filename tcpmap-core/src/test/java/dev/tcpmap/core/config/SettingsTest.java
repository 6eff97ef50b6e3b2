package dev.tcpmap.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void load_nothingSet_givesDefaults() {
    TcpmapConfig config = Settings.load(Map.of(), Map.of()).config();

    assertThat(config.apiPort()).isEqualTo(6676);
    assertThat(config.persistentDuration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.maxTracked()).isEqualTo(262_144);
  }

  @Test
  void load_k8spacketAlias_isUsedAndReported() {
    Settings.Loaded loaded =
        Settings.load(
            Map.of(),
            Map.of(
                "K8S_PACKET_TCP_LISTENER_PORT",
                "8080",
                "K8S_PACKET_TCP_PERSISTENT_DURATION",
                "1m"));

    assertThat(loaded.config().apiPort()).isEqualTo(8080);
    assertThat(loaded.config().persistentDuration()).isEqualTo(Duration.ofMinutes(1));
    assertThat(loaded.aliasesUsed())
        .containsExactly(
            "K8S_PACKET_TCP_LISTENER_PORT -> api.port",
            "K8S_PACKET_TCP_PERSISTENT_DURATION -> tcp.persistent-duration");
  }

  @Test
  void load_precedence_optionOverOwnVariableOverAlias() {
    Map<String, String> env =
        Map.of("TCPMAP_API_PORT", "7000", "K8S_PACKET_TCP_LISTENER_PORT", "8080");

    assertThat(Settings.load(Map.of(), env).config().apiPort()).isEqualTo(7000);
    assertThat(Settings.load(Map.of("api.port", "9000"), env).config().apiPort()).isEqualTo(9000);
  }

  @Test
  void load_unknownVariable_isRejectedWithItsName() {
    assertThatThrownBy(() -> Settings.load(Map.of(), Map.of("TCPMAP_API_PROT", "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("TCPMAP_API_PROT: unknown configuration variable");
  }

  @Test
  void load_launcherVariables_areNotRejected() {
    assertThat(Settings.load(Map.of(), Map.of("TCPMAP_HEAP", "2g")).config().apiPort())
        .isEqualTo(6676);
  }

  @Test
  void load_invalidValue_namesKeyAndOrigin() {
    assertThatThrownBy(
            () -> Settings.load(Map.of(), Map.of("K8S_PACKET_TCP_LISTENER_PORT", "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("api.port (from K8S_PACKET_TCP_LISTENER_PORT): port out of range: 70000");
    assertThatThrownBy(() -> Settings.load(Map.of("tcp.idle-timeout", "0s"), Map.of()))
        .hasMessage("tcp.idle-timeout (from option for tcp.idle-timeout): must be positive: 0s");
  }

  @Test
  void environmentName_isUpperSnakeCase() {
    assertThat(Settings.PERSISTENT_DURATION.environmentName())
        .isEqualTo("TCPMAP_TCP_PERSISTENT_DURATION");
  }

  @Test
  void load_k8spacketResourcesDisabled_readsGoBooleans() {
    assertThat(TcpmapConfig.defaults().kubernetesDisabled()).isFalse();
    for (String yes : new String[] {"true", "1", "T", "TRUE"}) {
      assertThat(
              Settings.load(Map.of(), Map.of("K8S_PACKET_K8S_RESOURCES_DISABLED", yes))
                  .config()
                  .kubernetesDisabled())
          .as(yes)
          .isTrue();
    }
    assertThatThrownBy(
            () -> Settings.load(Map.of(), Map.of("K8S_PACKET_K8S_RESOURCES_DISABLED", "yes")))
        .hasMessage(
            "kubernetes.disabled (from K8S_PACKET_K8S_RESOURCES_DISABLED): not a boolean (true or"
                + " false): 'yes'");
  }

  @Test
  void load_k8spacketPeerSelectors_areAliases() {
    TcpmapConfig config =
        Settings.load(
                Map.of(),
                Map.of(
                    "K8S_PACKET_API_LABEL_SELECTOR", "name=k8spacket",
                    "K8S_PACKET_API_FIELD_SELECTOR", "metadata.namespace=k8spacket"))
            .config();

    assertThat(config.peerLabelSelector()).isEqualTo("name=k8spacket");
    assertThat(config.peerFieldSelector()).isEqualTo("metadata.namespace=k8spacket");
    assertThat(config.peerTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void load_captureRing_isAPowerOfTwoWithSuffixes() {
    TcpmapConfig config = Settings.load(Map.of("capture.ring", "512Ki"), Map.of()).config();

    assertThat(config.captureRing()).isEqualTo(512 << 10);
    assertThat(TcpmapConfig.defaults().captureMaxRingMemory()).isEqualTo(256 << 20);
    assertThatThrownBy(() -> Settings.load(Map.of("capture.ring", "3Mi"), Map.of()))
        .hasMessage(
            "capture.ring (from option for capture.ring): must be a power of two from 128Ki to"
                + " 1024Mi: 3Mi");
  }
}
