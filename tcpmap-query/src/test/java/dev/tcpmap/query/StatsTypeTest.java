package dev.tcpmap.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatsTypeTest {
  @Test
  void parse_knownNames_returnsType() {
    assertThat(StatsType.parse("connection")).isEqualTo(StatsType.CONNECTION);
    assertThat(StatsType.parse("bytes")).isEqualTo(StatsType.BYTES);
    assertThat(StatsType.parse("duration")).isEqualTo(StatsType.DURATION);
  }

  @Test
  void parse_missingOrEmpty_isConnection() {
    assertThat(StatsType.parse(null)).isEqualTo(StatsType.CONNECTION);
    assertThat(StatsType.parse("")).isEqualTo(StatsType.CONNECTION);
  }

  @Test
  void parse_unknown_namesParameterAndChoices() {
    assertThatThrownBy(() -> StatsType.parse("Bytes"))
        .isInstanceOf(QueryException.class)
        .hasMessage("stats-type: unknown value 'Bytes' (expected connection, bytes or duration)");
  }

  @Test
  void wireName_isLowerCase() {
    assertThat(StatsType.DURATION.wireName()).isEqualTo("duration");
  }
}
