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
    assertThat(RegexBudget.check("(a{100}){100}")).startsWith("expression too large");
    assertThat(RegexBudget.check("(?:(?:a{9}){9}){99}")).isNull();
    assertThat(RegexBudget.check("(?:(?:a{9}){9}){199}")).startsWith("expression too large");
  }

  @Test
  void check_openRepeat_countsItsCopies() {
    assertThat(RegexBudget.check("(ab{999,}){10}")).startsWith("expression too large");
  }

  /**
   * Issue 19: a scanner of the text stopped counting at the ")" inside \Q…\E, so a quoted
   * parenthesis let any repetition through; RE2J's own parse counts it as the literal it is.
   */
  @Test
  void check_quotedParenthesis_doesNotHideWhatFollows() {
    assertThat(RegexBudget.check("(a{1000}){11}")).startsWith("expression too large");
    assertThat(RegexBudget.check("\\Q)\\E(a{1000}){11}")).startsWith("expression too large");
    assertThat(RegexBudget.check("\\Q)\\E((a{1000}){1000}){1000}"))
        .startsWith("expression too large");
    assertThat(RegexBudget.check("\\Q(((\\E(a{1000}){11}")).startsWith("expression too large");
  }

  @Test
  void check_hugeCount_saturates() {
    String tenToThe21 = "(".repeat(7) + "a" + "){1000}".repeat(7);
    assertThat(RegexBudget.check(tenToThe21)).startsWith("expression too large");
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
