package dev.tcpmap.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DnsNameTest {
  private static final IpAddress ADDRESS = IpAddress.parse("198.51.100.7");
  private static final Instant AT = Instant.parse("2026-11-21T09:00:00Z");

  @Test
  void expires_isAtPlusTtl() {
    DnsName fact = new DnsName(ADDRESS, "www.example.test", AT, Duration.ofSeconds(30));

    assertThat(fact.expires()).isEqualTo(Instant.parse("2026-11-21T09:00:30Z"));
  }

  @Test
  void constructor_badValues_areNamed() {
    assertThatThrownBy(() -> new DnsName(ADDRESS, "", AT, Duration.ZERO))
        .hasMessage("name is empty");
    assertThatThrownBy(() -> new DnsName(ADDRESS, "a.test", AT, Duration.ofSeconds(-1)))
        .hasMessage("ttl is negative: PT-1S");
  }
}
