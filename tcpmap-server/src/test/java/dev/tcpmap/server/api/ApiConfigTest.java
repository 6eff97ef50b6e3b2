package dev.tcpmap.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.Resolver;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ApiConfigTest {
  @Test
  void defaults_areK8spacketsOwn() {
    ApiConfig config = ApiConfig.defaults();
    assertThat(config.bind().getPort()).isEqualTo(6676);
    assertThat(config.persistentThreshold()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.resolver()).isSameAs(Resolver.IP_ONLY);
    assertThat(config.defaultWindow()).isZero();
  }

  @Test
  void new_negativeDurations_throw() {
    ApiConfig config = ApiConfig.defaults();
    assertThatThrownBy(() -> config.withDefaultWindow(Duration.ofSeconds(-1)))
        .hasMessage("defaultWindow is negative: PT-1S");
    assertThatThrownBy(() -> config.withPersistentThreshold(Duration.ofSeconds(-1)))
        .hasMessage("persistentThreshold is negative: PT-1S");
  }
}
