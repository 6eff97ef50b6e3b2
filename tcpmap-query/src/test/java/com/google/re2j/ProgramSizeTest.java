package com.google.re2j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgramSizeTest {

  /** The count is never below what RE2J really compiles, and close to it. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a",
        "kube-system|monitoring",
        "^pod\\.web-[a-z0-9]{5}$",
        "a{1000}",
        "(a{70}){70}",
        "(?:(?:a{9}){9}){9}",
        "(ab{49,})",
        "(a|b|c){3,7}x*y+z?",
        "[{(]{2}\\p{Greek}+\\x{41}",
        "\\Q)\\E(a{10}){6}",
        "(?i)straße",
        "(?:a{2,}){3}",
        "((((((((((a))))))))))",
      })
  void of_isAtLeastTheCompiledProgram(String pattern) {
    long counted = ProgramSize.of(pattern, 100);
    int compiled = ProgramSize.compiled(pattern);
    assertThat(counted)
        .isGreaterThanOrEqualTo(compiled)
        .isLessThanOrEqualTo(compiled * 11L / 10 + 2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"((a{1000}){1000}){1000}", "\\Q)\\E((a{1000}){1000}){1000}"})
  void of_hugeRepetitions_areCountedWithoutBuildingThem(String pattern) {
    assertThat(ProgramSize.of(pattern, 100)).isGreaterThan(1_000_000_000L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"(", "a{2,1}", "a**", "[z-a]", "a{1001}"})
  void of_invalidPattern_failsAsTheCompilerDoes(String pattern) {
    assertThatThrownBy(() -> ProgramSize.of(pattern, 100))
        .isInstanceOf(PatternSyntaxException.class);
  }
}
