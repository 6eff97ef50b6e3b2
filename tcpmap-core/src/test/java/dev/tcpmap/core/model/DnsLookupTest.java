package dev.tcpmap.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DnsLookupTest {
  private static final IpAddress CLIENT = IpAddress.parse("10.0.0.1");
  private static final IpAddress RESOLVER = IpAddress.parse("10.0.0.53");

  private static DnsLookup lookup(Optional<Duration> waited, int rcode) {
    return new DnsLookup(
        CLIENT, 40000, RESOLVER, 53, 1, "a.test", 1, Instant.EPOCH, waited, rcode, 0);
  }

  @Test
  void rcodeName_mnemonicsThenNumbers() {
    Optional<Duration> waited = Optional.of(Duration.ofMillis(1));
    assertThat(lookup(waited, 0).rcodeName()).isEqualTo("NOERROR");
    assertThat(lookup(waited, 2).rcodeName()).isEqualTo("SERVFAIL");
    assertThat(lookup(waited, 3).rcodeName()).isEqualTo("NXDOMAIN");
    assertThat(lookup(waited, 5).rcodeName()).isEqualTo("REFUSED");
    assertThat(lookup(waited, 9).rcodeName()).isEqualTo("RCODE9");
    assertThat(lookup(Optional.empty(), DnsLookup.UNANSWERED).rcodeName()).isEqualTo("UNANSWERED");
    assertThat(lookup(Optional.empty(), DnsLookup.UNKNOWN).rcodeName()).isEqualTo("UNKNOWN");
  }

  @Test
  void responseWithoutAWait_isRefused() {
    assertThatThrownBy(() -> lookup(Optional.empty(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wait");
  }
}
