package dev.tcpmap.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorTest {
  private static final Map<String, String> WEB =
      Map.of("app", "web", "tier", "front", "example.com/team", "shop");

  record Case(String selector, boolean selectsWeb) {
    @Override
    public String toString() {
      return selector;
    }
  }

  static Stream<Case> selectors() {
    return Stream.of(
        new Case("", true),
        new Case("app=web", true),
        new Case("app==web", true),
        new Case("app = web", true),
        new Case("app=cache", false),
        new Case("app!=cache", true),
        new Case("app!=web", false),
        new Case("missing!=x", true),
        new Case("tier in (front, back)", true),
        new Case("tier in (back)", false),
        new Case("tier notin (back)", true),
        new Case("missing notin (back)", true),
        new Case("tier notin (front,back)", false),
        new Case("app", true),
        new Case("!app", false),
        new Case("!canary", true),
        new Case("example.com/team=shop", true),
        new Case("app=web,tier in (front,back),!canary", true),
        new Case("app=web,tier=back", false),
        new Case("app=", false));
  }

  @ParameterizedTest
  @MethodSource("selectors")
  void matches_asKubernetesSelects(Case c) {
    assertThat(LabelSelector.parse(c.selector()).matches(WEB)).isEqualTo(c.selectsWeb());
  }

  @Test
  void matches_noLabels_onlyAbsenceAndInequality() {
    assertThat(LabelSelector.parse("!canary,app!=web").matches(null)).isTrue();
    assertThat(LabelSelector.parse("app").matches(null)).isFalse();
  }

  @Test
  void parse_notARequirement_saysWhichTermAndWhatWasExpected() {
    assertThatThrownBy(() -> LabelSelector.parse("app=web,tier>3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"tier>3\"")
        .hasMessageContaining("key in (a,b)");
    assertThatThrownBy(() -> LabelSelector.parse("tier in (a b)"))
        .hasMessageContaining("a label value in the list");
    assertThatThrownBy(() -> LabelSelector.parse("app=web,")).hasMessageContaining("\"\"");
  }

  @Test
  void isEverything_onlyTheEmptySelector() {
    assertThat(LabelSelector.parse(" ").isEverything()).isTrue();
    assertThat(LabelSelector.parse("app").isEverything()).isFalse();
  }
}
