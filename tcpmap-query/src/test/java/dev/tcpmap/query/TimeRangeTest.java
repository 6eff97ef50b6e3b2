package dev.tcpmap.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeRangeTest {
  private static final Instant FROM = Instant.ofEpochMilli(1_000);
  private static final Instant TO = Instant.ofEpochMilli(2_000);
  private static final TimeRange RANGE = new TimeRange(1_000, 2_000);

  @Test
  void parse_missingOrEmpty_isUnbounded() {
    assertThat(TimeRange.parse(null, null)).isEqualTo(TimeRange.ALL);
    assertThat(TimeRange.parse("", "")).isEqualTo(TimeRange.ALL);
    assertThat(TimeRange.parse("5", null)).isEqualTo(new TimeRange(5, TimeRange.UNBOUNDED_TO));
  }

  @Test
  void parse_epochMillis_keepsThem() {
    TimeRange range = TimeRange.parse("1763716938000", "1763720538000");
    assertThat(range.fromMs()).isEqualTo(1_763_716_938_000L);
    assertThat(range.toMs()).isEqualTo(1_763_720_538_000L);
    assertThat(range.hasFrom()).isTrue();
    assertThat(range.hasTo()).isTrue();
  }

  @Test
  void parse_notANumber_namesTheParameter() {
    assertThatThrownBy(() -> TimeRange.parse("now-1h", null))
        .isInstanceOf(QueryException.class)
        .hasMessage("from: not an integer number of epoch milliseconds: 'now-1h'");
    assertThatThrownBy(() -> TimeRange.parse(null, "1.5"))
        .isInstanceOf(QueryException.class)
        .hasMessageStartingWith("to: ");
  }

  /** Issue 19: Long.parseLong read Arabic-Indic and fullwidth digits, so from=١٢ meant 12. */
  @Test
  void parse_digitsOfOtherScripts_areNotNumbers() {
    assertThatThrownBy(() -> TimeRange.parse("\u0661\u0662", null))
        .isInstanceOf(QueryException.class)
        .hasMessageStartingWith("from: not an integer");
    assertThatThrownBy(() -> TimeRange.parse(null, "\uff19\uff19"))
        .hasMessageStartingWith("to: not an integer");
  }

  @Test
  void parse_fromAfterTo_isRefused() {
    assertThatThrownBy(() -> TimeRange.parse("2000", "1000"))
        .isInstanceOf(QueryException.class)
        .hasMessage("from: is after to (2000 > 1000)");
  }

  @Test
  void parse_longValue_isCutInTheMessage() {
    assertThatThrownBy(() -> TimeRange.parse("x".repeat(5000), null))
        .hasMessageContaining("(5000 characters)")
        .message()
        .hasSizeLessThan(200);
  }

  @Test
  void overlaps_connectionInside_isTrue() {
    assertThat(RANGE.overlaps(FROM.plusMillis(1), TO.minusMillis(1))).isTrue();
  }

  @Test
  void overlaps_connectionSpanningTheWindow_isTrue() {
    assertThat(RANGE.overlaps(FROM.minusSeconds(60), TO.plusSeconds(60))).isTrue();
  }

  @Test
  void overlaps_endingExactlyAtFrom_isTrue() {
    assertThat(RANGE.overlaps(FROM.minusSeconds(1), FROM)).isTrue();
  }

  @Test
  void overlaps_endingJustBeforeFrom_isFalse() {
    assertThat(RANGE.overlaps(FROM.minusSeconds(1), FROM.minusNanos(1))).isFalse();
  }

  @Test
  void overlaps_startingExactlyAtTo_isFalse() {
    assertThat(RANGE.overlaps(TO, TO.plusSeconds(1))).isFalse();
    assertThat(RANGE.overlaps(TO.minusNanos(1), TO.plusSeconds(1))).isTrue();
  }

  @Test
  void overlaps_zeroLengthAtFrom_isTrue() {
    assertThat(RANGE.overlaps(FROM, FROM)).isTrue();
  }

  @Test
  void overlaps_emptyWindow_isFalse() {
    assertThat(new TimeRange(1_000, 1_000).overlaps(FROM.minusSeconds(1), TO)).isFalse();
  }

  @Test
  void overlaps_unbounded_acceptsAnything() {
    assertThat(TimeRange.ALL.overlaps(Instant.EPOCH, Instant.EPOCH)).isTrue();
    assertThat(new TimeRange(1_000, TimeRange.UNBOUNDED_TO).overlaps(TO, TO.plusSeconds(9)))
        .isTrue();
  }

  @Test
  void new_fromAfterTo_throws() {
    assertThatThrownBy(() -> new TimeRange(2, 1)).hasMessageContaining("from is after to");
  }
}
