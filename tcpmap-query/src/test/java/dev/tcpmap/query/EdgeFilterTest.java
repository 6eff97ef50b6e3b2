package dev.tcpmap.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Kind;
import dev.tcpmap.core.model.IpAddress;
import org.junit.jupiter.api.Test;

class EdgeFilterTest {
  private static final Endpoint WEB =
      new Endpoint(IpAddress.parse("10.0.0.1"), Kind.POD, "web-1", "shop");
  private static final Endpoint DB =
      new Endpoint(IpAddress.parse("10.0.0.2"), Kind.SERVICE, "postgres", "data");
  private static final Endpoint OUTSIDE = Endpoint.ofIp(IpAddress.parse("2001:db8::1"));

  @Test
  void none_keepsEverything() {
    assertThat(EdgeFilter.NONE.test(WEB, DB)).isTrue();
    assertThat(EdgeFilter.of(null, "", null).test(WEB, OUTSIDE)).isTrue();
  }

  @Test
  void namespace_matchesEitherSide() {
    EdgeFilter data = EdgeFilter.of("data", "", "");
    assertThat(data.test(WEB, DB)).isTrue();
    assertThat(data.test(DB, WEB)).isTrue();
    assertThat(data.test(WEB, OUTSIDE)).isFalse();
  }

  @Test
  void namespace_isSearchNotFullMatch() {
    // Go's Regexp.Match finds the pattern anywhere, as k8spacket uses it.
    assertThat(EdgeFilter.of("ho", "", "").test(WEB, OUTSIDE)).isTrue();
    assertThat(EdgeFilter.of("^ho", "", "").test(WEB, OUTSIDE)).isFalse();
  }

  @Test
  void include_matchesIpOrPrefixedName() {
    assertThat(EdgeFilter.of("", "^pod\\.web", "").test(WEB, OUTSIDE)).isTrue();
    assertThat(EdgeFilter.of("", "^web", "").test(WEB, OUTSIDE)).isFalse();
    assertThat(EdgeFilter.of("", "svc\\.postgres", "").test(WEB, DB)).isTrue();
    assertThat(EdgeFilter.of("", "2001:db8::", "").test(WEB, OUTSIDE)).isTrue();
    assertThat(EdgeFilter.of("", "10\\.0\\.0\\.9", "").test(WEB, DB)).isFalse();
  }

  @Test
  void exclude_dropsWhenEitherSideMatches() {
    EdgeFilter noDb = EdgeFilter.of("", "", "postgres");
    assertThat(noDb.test(WEB, DB)).isFalse();
    assertThat(noDb.test(DB, WEB)).isFalse();
    assertThat(noDb.test(WEB, OUTSIDE)).isTrue();
  }

  @Test
  void all_mustPass() {
    EdgeFilter filter = EdgeFilter.of("shop", "10\\.0\\.0\\.", "postgres");
    assertThat(filter.test(WEB, DB)).isFalse();
    assertThat(filter.test(WEB, WEB)).isTrue();
  }

  @Test
  void of_invalidPattern_namesParameterAndReason() {
    assertThatThrownBy(() -> EdgeFilter.of("", "(ab", ""))
        .isInstanceOf(QueryException.class)
        .hasMessage("include: missing closing ) in '(ab' (RE2 syntax)");
    assertThatThrownBy(() -> EdgeFilter.of("[z-a]", "", ""))
        .hasMessageStartingWith("namespace: invalid character class range");
    assertThatThrownBy(() -> EdgeFilter.of("", "", "a{1001}"))
        .hasMessageStartingWith("exclude: invalid repeat count");
  }

  @Test
  void of_nestedRepetition_isTooLargeNotOutOfMemory() {
    assertThatThrownBy(() -> EdgeFilter.of("", "((a{1000}){1000}){1000}", ""))
        .isInstanceOf(QueryException.class)
        .hasMessageStartingWith("include: expression too large");
  }

  @Test
  void of_deepNesting_isRefused() {
    String deep = "(".repeat(2000) + "a" + ")".repeat(2000);
    assertThatThrownBy(() -> EdgeFilter.of("", deep, ""))
        .isInstanceOf(QueryException.class)
        .hasMessageStartingWith("include: expression nested too deeply");
  }

  @Test
  void test_catastrophicBacktrackingPattern_answers() {
    // (a*)*b takes exponential time in a backtracking engine; RE2 is linear.
    Endpoint longName =
        new Endpoint(IpAddress.parse("10.0.0.3"), Kind.POD, "a".repeat(4000), "shop");
    assertThat(EdgeFilter.of("", "(a*)*b", "").test(longName, longName)).isFalse();
  }

  @Test
  void equals_comparesPatternTexts() {
    assertThat(EdgeFilter.of("a", "b", "c")).isEqualTo(EdgeFilter.of("a", "b", "c"));
    assertThat(EdgeFilter.of("a", "b", "c")).isNotEqualTo(EdgeFilter.of("a", "b", ""));
    assertThat(EdgeFilter.of(null, null, null)).isEqualTo(EdgeFilter.NONE);
  }

  @Test
  void workload_matchesEitherPodsWorkloadOnly() {
    Endpoint web =
        new Endpoint(
            IpAddress.parse("10.0.0.1"),
            Kind.POD,
            "web-1",
            "shop",
            new Endpoint.Workload("Deployment", "web"),
            "node-1");
    EdgeFilter deployments = EdgeFilter.of("", "", "", "^Deployment/");

    assertThat(deployments.test(web, DB)).isTrue();
    assertThat(deployments.test(DB, web)).isTrue();
    assertThat(deployments.test(WEB, DB)).as("a pod whose workload is unknown").isFalse();
    assertThat(EdgeFilter.of("", "", "", "postgres").test(WEB, DB))
        .as("a Service is not a workload")
        .isFalse();
    assertThatThrownBy(() -> EdgeFilter.of("", "", "", "(web"))
        .isInstanceOf(QueryException.class)
        .hasMessageStartingWith("workload: ");
  }
}
