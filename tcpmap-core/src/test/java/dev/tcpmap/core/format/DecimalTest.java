package dev.tcpmap.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalTest {
  @Test
  void parse_asciiDigits_withOrWithoutSign() {
    assertThat(Decimal.parseLong("1733587200000")).isEqualTo(1_733_587_200_000L);
    assertThat(Decimal.parseLong("-12")).isEqualTo(-12);
    assertThat(Decimal.parseInt("+7")).isEqualTo(7);
  }

  /** Issue 19: Long.parseLong reads these as 12. */
  @ParameterizedTest
  @ValueSource(strings = {"١٢", "１２", "۱۲", "१२", "1٢", "", "-", "+", "1 2", "0x10", "1e3"})
  void parse_anythingElse_isNotANumber(String text) {
    assertThatThrownBy(() -> Decimal.parseLong(text)).isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> Decimal.parseInt(text)).isInstanceOf(NumberFormatException.class);
  }

  @Test
  void parse_tooLarge_isNotANumber() {
    assertThatThrownBy(() -> Decimal.parseInt("2147483648"))
        .isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> Decimal.parseLong("9223372036854775808"))
        .isInstanceOf(NumberFormatException.class);
  }
}
