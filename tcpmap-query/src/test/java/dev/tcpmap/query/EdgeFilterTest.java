package dev.tcpmap.query;

import static dev.tcpmap.query.testing.TestEndpoints.external;
import static dev.tcpmap.query.testing.TestEndpoints.pod;
import static dev.tcpmap.query.testing.TestEndpoints.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Kind;
import dev.tcpmap.core.model.IpAddress;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EdgeFilterTest {
  private static final Endpoint WEB = pod("10.0.0.1", "web-1", "shop");
  private static final Endpoint DB = service("10.0.0.2", "postgres", "data");
  private static final Endpoint OUTSIDE = external("2001:db8::1");

  /** Whether {@code filter} keeps the edge from {@code client} to {@code server}. */
  record Verdict(String why, EdgeFilter filter, Endpoint client, Endpoint server, boolean kept) {
    @Override
    public String toString() {
      return why;
    }
  }

  private static Verdict kept(String why, EdgeFilter filter, Endpoint client, Endpoint server) {
    return new Verdict(why, filter, client, server, true);
  }

  private static Verdict dropped(String why, EdgeFilter filter, Endpoint client, Endpoint server) {
    return new Verdict(why, filter, client, server, false);
  }

  static Stream<Verdict> verdicts() {
    EdgeFilter data = EdgeFilter.of("data", "", "");
    EdgeFilter noDb = EdgeFilter.of("", "", "postgres");
    EdgeFilter all = EdgeFilter.of("shop", "10\\.0\\.0\\.", "postgres");
    return Stream.of(
        kept("none keeps everything", EdgeFilter.NONE, WEB, DB),
        kept("nulls are none", EdgeFilter.of(null, "", null), WEB, OUTSIDE),
        kept("namespace matches the server", data, WEB, DB),
        kept("namespace matches the client", data, DB, WEB),
        dropped("namespace matches neither side", data, WEB, OUTSIDE),
        // Go's Regexp.Match finds the pattern anywhere, as k8spacket uses it.
        kept("namespace is a search", EdgeFilter.of("ho", "", ""), WEB, OUTSIDE),
        dropped("namespace is not a full match", EdgeFilter.of("^ho", "", ""), WEB, OUTSIDE),
        kept("include matches a prefixed name", EdgeFilter.of("", "^pod\\.web", ""), WEB, OUTSIDE),
        dropped("include: a name is prefixed", EdgeFilter.of("", "^web", ""), WEB, OUTSIDE),
        kept("include matches a service", EdgeFilter.of("", "svc\\.postgres", ""), WEB, DB),
        kept("include matches an IP", EdgeFilter.of("", "2001:db8::", ""), WEB, OUTSIDE),
        dropped("include matches no end", EdgeFilter.of("", "10\\.0\\.0\\.9", ""), WEB, DB),
        dropped("exclude drops the server's match", noDb, WEB, DB),
        dropped("exclude drops the client's match", noDb, DB, WEB),
        kept("exclude matches neither side", noDb, WEB, OUTSIDE),
        dropped("all must pass: excluded", all, WEB, DB),
        kept("all must pass: passed", all, WEB, WEB));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verdicts")
  void test_keepsOrDrops(Verdict v) {
    assertThat(v.filter().test(v.client(), v.server())).isEqualTo(v.kept());
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
    Endpoint longName = pod("10.0.0.3", "a".repeat(4000), "shop");
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
