package dev.tcpmap.query.k8spacket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TotalsTest {
  @Test
  void plus_sumsAndTakesTheLargerMax() {
    Totals a = new Totals(2, 1, 10, 20, Duration.ofSeconds(3), Duration.ofSeconds(2));
    Totals b = new Totals(1, 0, 5, 7, Duration.ofSeconds(9), Duration.ofSeconds(9));
    assertThat(a.plus(b))
        .isEqualTo(new Totals(3, 1, 15, 27, Duration.ofSeconds(12), Duration.ofSeconds(9)));
    assertThat(Totals.NONE.plus(a)).isEqualTo(a);
  }

  @Test
  void new_morePersistentThanConnections_throws() {
    assertThatThrownBy(() -> new Totals(1, 2, 0, 0, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("counts out of range");
  }
}
