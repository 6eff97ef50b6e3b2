package dev.tcpmap.capture.testnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.IpAddress;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConnectionPlanTest {
  private static final IpAddress CLIENT = IpAddress.parse("2001:db8:a::1");
  private static final IpAddress SERVER = IpAddress.parse("2001:db8:b::1");

  @Test
  void parse_ofToLine_returnsTheSamePlan() {
    ConnectionPlan plan =
        new ConnectionPlan(
            7, Ending.SERVER_RESET, CLIENT, SERVER, 5432, 10, 3_000_000, 3, 250, 11_000);

    assertThat(ConnectionPlan.parse(plan.toLine())).isEqualTo(plan);
  }

  @Test
  void share_overAllRounds_sumsToTheTotal() {
    ConnectionPlan plan = ConnectionPlan.of(1, Ending.CLIENT_CLOSE, CLIENT, SERVER, 80, 1001, 5, 7);

    assertThat(IntStream.range(0, 7).mapToLong(r -> plan.share(1001, r)).sum()).isEqualTo(1001);
    assertThat(IntStream.range(0, 7).mapToLong(r -> plan.share(5, r)))
        .containsExactly(1L, 1L, 1L, 1L, 1L, 0L, 0L);
  }

  @Test
  void effectiveRounds_halfClose_isOne() {
    ConnectionPlan plan = ConnectionPlan.of(1, Ending.HALF_CLOSE, CLIENT, SERVER, 80, 10, 10, 4);

    assertThat(plan.effectiveRounds()).isEqualTo(1);
    assertThat(plan.share(10, 0)).isEqualTo(10);
  }

  @Test
  void new_refusedWithBytes_isRejected() {
    assertThatThrownBy(() -> ConnectionPlan.of(3, Ending.REFUSED, CLIENT, SERVER, 80, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never connects");
  }

  @Test
  void new_mixedFamilies_isRejected() {
    IpAddress v4 = IpAddress.parse("192.0.2.1");

    assertThatThrownBy(() -> ConnectionPlan.of(3, Ending.CLIENT_CLOSE, v4, SERVER, 80, 0, 0, 1))
        .hasMessageContaining("family");
  }
}
