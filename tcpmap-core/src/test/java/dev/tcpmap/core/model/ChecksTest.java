package dev.tcpmap.core.model;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChecksTest {

  @Test
  void nonNull_noNull_passes() {
    assertThatCode(() -> Checks.nonNull("a b c", "x", 1, new Object())).doesNotThrowAnyException();
  }

  @Test
  void nonNull_aNull_namesTheFirstNull() {
    assertThatThrownBy(() -> Checks.nonNull("first second third", "x", null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("second");
    assertThatThrownBy(() -> Checks.nonNull("only", (Object) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("only");
  }

  @Test
  void nonNull_namesAndValuesDoNotMatch_isABugCaughtWithAssertionsOn() {
    assertThatThrownBy(() -> Checks.nonNull("a b", "x"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("2 names for 1 values: a b");
    assertThatThrownBy(() -> Checks.nonNull("a", "x", "y"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("1 names for 2 values: a");
  }
}
