package dev.tcpmap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.api.http.AccessConfig;
import dev.tcpmap.core.cluster.PeerDirectory;
import dev.tcpmap.core.config.ConfigException;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.model.Resolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  private static ApiSettings.Config load(Map<String, String> values) {
    return Configuration.load(List.of(ApiSettings.AREA), values, Map.of()).get(ApiSettings.AREA);
  }

  @Test
  void from_defaultConfig_hasNoCorsNoTokenNoTls() {
    ApiConfig config =
        ApiConfig.from(Configuration.defaults(ApiSettings.AREA), Duration.ofSeconds(10));
    assertThat(config.access()).isEqualTo(AccessConfig.DEFAULTS);
  }

  @Test
  void from_accessKeys_areReadAsFilesAndLists() {
    ApiConfig config =
        ApiConfig.from(
            load(
                Map.of(
                    "api.cors-origins", " https://Grafana.example:3000, http://b.example ",
                    "api.allowed-hosts", "tcpmap.example., [FD00::1]",
                    "api.token-file", "/run/token",
                    "api.tls-cert-file", "/run/tls.crt",
                    "api.tls-key-file", "/run/tls.key")),
            Duration.ofSeconds(10));

    assertThat(config.access().corsOrigins())
        .containsExactly("https://grafana.example:3000", "http://b.example");
    assertThat(config.access().allowedHosts()).containsExactly("tcpmap.example", "[fd00::1]");
    assertThat(config.access().tokenFile()).contains(Path.of("/run/token"));
    assertThat(config.access().tls())
        .contains(
            new AccessConfig.TlsFiles(
                Path.of("/run/tls.crt"), Path.of("/run/tls.key"), Optional.empty()));
  }

  @Test
  void badAccessValues_areOneLineErrorsNamingTheKey() {
    assertThatThrownBy(() -> load(Map.of("api.cors-origins", "https://a.example/path")))
        .hasMessageStartingWith("api.cors-origins (from ")
        .hasMessageEndingWith(
            "not an origin (scheme://host[:port], no path): https://a.example/path");
    assertThatThrownBy(() -> load(Map.of("api.cors-origins", "*, https://a.example")))
        .hasMessageContaining("* allows every origin and stands alone");
    assertThatThrownBy(() -> load(Map.of("api.allowed-hosts", "a.example:80")))
        .hasMessageContaining("not a host name");
    assertThatThrownBy(() -> load(Map.of("api.tls-key-file", "/k")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "api.tls-cert-file and api.tls-key-file are set together (the certificate chain and"
                + " its private key): only api.tls-key-file is set");
    assertThatThrownBy(() -> load(Map.of("api.tls-ca-file", "/ca")))
        .hasMessageStartingWith("api.tls-ca-file is for the agents' HTTPS calls");
  }
}
