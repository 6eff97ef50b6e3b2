package dev.tcpmap.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegexBudgetTest {
  @Test
  void check_ordinaryPatterns_pass() {
    assertThat(RegexBudget.check("^pod\\.web-[a-z0-9]{5}$")).isNull();
    assertThat(RegexBudget.check("kube-system|monitoring")).isNull();
    assertThat(RegexBudget.check("a{1000}")).isNull();
    assertThat(RegexBudget.check("[{(]{2}\\p{Greek}+\\x{41}")).isNull();
  }

  @Test
  void check_longLiteral_passes() {
    assertThat(RegexBudget.check("x".repeat(4096))).isNull();
  }

  @Test
  void check_nestedCounts_multiply() {
    assertThat(RegexBudget.check("(a{70}){70}")).isNull();
    assertThat(RegexBudget.check("(a{80}){80}")).startsWith("expression too large");
    assertThat(RegexBudget.check("(?:(?:a{9}){9}){99}")).startsWith("expression too large");
  }

  @Test
  void check_openRepeat_countsMinPlusOne() {
    assertThat(RegexBudget.check("(ab{4999,})")).startsWith("expression too large");
  }

  @Test
  void check_hugeCount_saturates() {
    assertThat(RegexBudget.check("((a{999999999}){999999999}){999999999}"))
        .startsWith("expression too large");
  }

  @Test
  void check_braceThatIsNotARepeat_isLiteral() {
    assertThat(RegexBudget.check("a{x}{,5}{")).isNull();
  }

  @Test
  void check_deepNesting_isRefused() {
    assertThat(RegexBudget.check("(".repeat(101) + ")".repeat(101)))
        .startsWith("expression nested too deeply");
    assertThat(RegexBudget.check("(".repeat(100) + ")".repeat(100))).isNull();
  }
}
