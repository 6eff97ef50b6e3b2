package dev.tcpmap.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SharedNamesTest {
  private static final Instant AT = Instant.parse("2026-12-08T00:00:00Z");

  @Test
  void equalNamesAreOneInstance() {
    Resolver names = Resolver.IP_ONLY.map(new SharedNames(10));
    Endpoint first = names.resolve(IpAddress.parse("192.0.2.1"), AT);
    Endpoint again = names.resolve(IpAddress.parse("192.0.2.1"), AT.plusSeconds(5));
    assertThat(again).isSameAs(first);
    assertThat(names.resolve(IpAddress.parse("192.0.2.2"), AT)).isNotEqualTo(first);
  }

  @Test
  void pastItsLimitItForgetsAndStillNamesRight() {
    Resolver names = Resolver.IP_ONLY.map(new SharedNames(3));
    Endpoint first = names.resolve(IpAddress.v4(1), AT);
    for (int i = 2; i <= 4; i++) {
      names.resolve(IpAddress.v4(i), AT);
    }
    // Four distinct names went past the limit of three: the first is no longer shared, but it is
    // still named the same.
    Endpoint later = names.resolve(IpAddress.v4(1), AT);
    assertThat(later).isNotSameAs(first).isEqualTo(first);
    assertThat(names.resolve(IpAddress.v4(1), AT)).isSameAs(later);
  }
}
