package dev.tcpmap.query.edges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.Outcome;
import org.junit.jupiter.api.Test;

class OutcomeCountsTest {
  @Test
  void plus_eachOutcome_countsOnlyThatOne() {
    for (Outcome outcome : Outcome.values()) {
      OutcomeCounts counts = OutcomeCounts.NONE.plus(outcome).plus(outcome);
      assertThat(counts.get(outcome)).as(outcome.wireName()).isEqualTo(2);
      assertThat(counts.total()).isEqualTo(2);
    }
  }

  @Test
  void plus_counts_addsPerOutcome() {
    OutcomeCounts a = new OutcomeCounts(1, 2, 3, 4, 5, 6);
    assertThat(a.plus(a)).isEqualTo(new OutcomeCounts(2, 4, 6, 8, 10, 12));
    assertThat(a.total()).isEqualTo(21);
  }

  @Test
  void new_negative_throws() {
    assertThatThrownBy(() -> new OutcomeCounts(0, 0, -1, 0, 0, 0))
        .hasMessageStartingWith("outcome counts are negative");
  }
}
