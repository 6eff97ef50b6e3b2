package dev.tcpmap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.cluster.PeerDirectory;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.model.Resolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiConfigTest {
  @Test
  void from_defaultConfig_isK8spacketsPortAndThresholdOnLoopback() {
    ApiConfig config =
        ApiConfig.from(Configuration.defaults(ApiSettings.AREA), Duration.ofSeconds(10));
    assertThat(config.bind().getPort()).isEqualTo(6676);
    assertThat(config.bind().getAddress().isLoopbackAddress()).isTrue();
    assertThat(config.persistentThreshold()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.resolver()).isSameAs(Resolver.IP_ONLY);
    assertThat(config.defaultWindow()).isZero();
  }

  @Test
  void from_config_takesBindPortAndThreshold() throws UnknownHostException {
    ApiSettings.Config api =
        Configuration.load(
                List.of(ApiSettings.AREA), Map.of("api.bind", "::1", "api.port", "7000"), Map.of())
            .get(ApiSettings.AREA);

    ApiConfig config = ApiConfig.from(api, Duration.ofMinutes(1));

    assertThat(config.bind().getAddress()).isEqualTo(InetAddress.getByName("::1"));
    assertThat(config.bind().getPort()).isEqualTo(7000);
    assertThat(config.persistentThreshold()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void new_negativeDurations_throw() {
    ApiConfig config =
        ApiConfig.from(Configuration.defaults(ApiSettings.AREA), Duration.ofSeconds(10));
    assertThatThrownBy(() -> config.withDefaultWindow(Duration.ofSeconds(-1)))
        .hasMessage("defaultWindow is negative: PT-1S");
    assertThatThrownBy(() -> config.withPersistentThreshold(Duration.ofSeconds(-1)))
        .hasMessage("persistentThreshold is negative: PT-1S");
  }

  @Test
  void from_defaultConfig_hasNoPeersAndAFiveSecondTimeout() {
    ApiConfig config =
        ApiConfig.from(Configuration.defaults(ApiSettings.AREA), Duration.ofSeconds(10));
    assertThat(config.peers()).isSameAs(PeerDirectory.NONE);
    assertThat(config.peerTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void withPeers_zeroTimeout_throws() {
    ApiConfig config =
        ApiConfig.from(Configuration.defaults(ApiSettings.AREA), Duration.ofSeconds(10));
    assertThatThrownBy(() -> config.withPeers(PeerDirectory.NONE, Duration.ZERO))
        .hasMessage("peerTimeout must be positive: PT0S");
  }
}
