package dev.tcpmap.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LevelsTest {

  private static final long SECOND = 1_000;
  private static final long HOUR = 3_600 * SECOND;
  private static final Levels DEFAULTS = Levels.of(StoreConfig.DEFAULTS);

  @Test
  void of_defaults_tenSecondsOneMinuteTenMinutesOneHour() {
    assertThat(DEFAULTS.widths()).containsExactly(10 * SECOND, 60 * SECOND, 600 * SECOND, HOUR);
    assertThat(DEFAULTS.aboveCoarse()).containsExactly(600 * SECOND, HOUR);
  }

  @Test
  void of_coarseFiveMinutes_skipsNothingThatDividesAndKeepsMultiples() {
    Levels levels =
        Levels.of(
            new StoreConfig(
                Duration.ofSeconds(10),
                Duration.ofMinutes(5),
                Duration.ofHours(1),
                Duration.ofHours(2)));

    assertThat(levels.widths()).containsExactly(10 * SECOND, 300 * SECOND, 600 * SECOND, HOUR);
  }

  @Test
  void decompose_twentyFourHours_coversTheRangeExactlyWithFewRowsPerEdge() {
    long from = 1_699_920_000_000L + 35 * 60 * SECOND + 10 * SECOND;
    Window window = new Window(from, from + 24 * HOUR);

    List<Levels.Piece> pieces = DEFAULTS.decompose(window);

    long at = window.fromMillis();
    long rows = 0;
    for (Levels.Piece p :
        pieces.stream().sorted((a, b) -> Long.compare(a.from(), b.from())).toList()) {
      assertThat(p.from()).isEqualTo(at);
      assertThat(p.from() % p.width()).isZero();
      assertThat(p.to() % p.width()).isZero();
      at = p.to();
      rows += (p.to() - p.from()) / p.width();
    }
    assertThat(at).isEqualTo(window.toMillis());
    // 35:10 → 36:00 five fine, → 40:00 four minutes, → 1:00:00 two ten-minute, 23 hours, and the
    // same back from the end: instead of 8,640 fine rows.
    assertThat(rows).isEqualTo(5 + 4 + 2 + 23 + 3 + 5 + 1);
  }

  @Test
  void decompose_withinOneMinute_isFineRowsOnly() {
    long from = 1_699_920_000_000L + 10 * SECOND;

    assertThat(DEFAULTS.decompose(new Window(from, from + 30 * SECOND)))
        .containsExactly(new Levels.Piece(10 * SECOND, from, from + 30 * SECOND));
  }
}
