package dev.tcpmap.query.filter;

import static dev.tcpmap.query.filter.FilterWorld.HANDSHAKES;
import static dev.tcpmap.query.filter.FilterWorld.PERSISTENT;
import static dev.tcpmap.query.filter.FilterWorld.RECORDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.query.QueryException;
import dev.tcpmap.query.filter.FilterField.Level;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectionFilterTest {

  /** An expression and the client ports of {@link FilterWorld}'s connections it keeps. */
  record Case(String expression, Set<Integer> kept) {
    @Override
    public String toString() {
      return expression;
    }
  }

  private static Case keeps(String expression, Integer... clientPorts) {
    return new Case(expression, Set.of(clientPorts));
  }

  static Stream<Case> fields() {
    return Stream.of(
        keeps("src.ip == \"10.0.0.1\"", 40001, 40002),
        keeps("src.port == 40003", 40003),
        keeps("src.namespace == \"ns2\"", 40004),
        keeps("src.pod == \"web-1\"", 40001, 40002),
        keeps("src.pod == \"\"", 40005, 40006),
        keeps("src.workload == \"StatefulSet/b\"", 40004),
        keeps("src.kind == \"node\"", 40005),
        keeps("src.name == \"curl\"", 40006),
        keeps("src.node == \"node-a\"", 40001, 40002, 40005),
        keeps("src.process == \"nginx\"", 40001),
        keeps("src.process == \"curl\"", 40006),
        keeps("src.container == \"app\"", 40001),
        keeps("src.container == \"\"", 40002, 40003, 40004, 40005, 40006),
        keeps("dst.container == \"" + FilterWorld.NGINX_CONTAINER + "\"", 40006),
        keeps("dst.ip == \"127.0.0.1\"", 40006),
        keeps("dst.port == 443", 40002, 40005),
        keeps("dst.namespace == \"data\"", 40001),
        keeps("dst.pod == \"a-1\"", 40004),
        keeps("dst.workload == \"Deployment/a\"", 40004),
        keeps("dst.kind == \"external\"", 40002, 40005),
        keeps("dst.kind == \"service\"", 40001),
        keeps("dst.kind == \"process\"", 40006),
        keeps("dst.name == \"postgres\"", 40001),
        keeps("dst.node == \"node-c\"", 40003),
        keeps("dst.process == \"nginx\"", 40006),
        keeps("outcome == \"open\"", 40006),
        keeps("outcome == \"reset\"", 40005),
        keeps("bytes.sent == 1200", 40001),
        keeps("bytes.received >= 70000", 40005),
        keeps("duration == duration(\"3s\")", 40004),
        keeps("persistent", 40002, 40005),
        keeps("tls.sni == \"www.domain.com\"", 40002),
        keeps("tls.version == \"TLS 1.2\"", 40005),
        keeps("tls.cipher == \"" + FilterWorld.TLS12_CIPHER + "\"", 40005),
        keeps("tls.ja4 != \"\"", 40002, 40005),
        keeps("tls.sni == \"\"", 40001, 40003, 40004, 40005, 40006),
        keeps("protocol == \"tcp\"", 40001, 40002, 40003, 40004, 40005, 40006));
  }

  static Stream<Case> kubeshark() {
    return Stream.of(
        keeps("dst.namespace==\"\"", 40002, 40005, 40006),
        keeps(
            "(src.namespace==\"ns1\" and dst.namespace==\"ns2\") or"
                + " (src.namespace==\"ns2\" and dst.namespace==\"ns1\")",
            40003,
            40004),
        keeps("dst.name==\"www.domain.com\"", 40002),
        // and the CEL examples
        keeps("outcome in [\"refused\",\"timeout\"]", 40003, 40004),
        keeps("bytes.sent > 1000000", 40002),
        keeps("dst.name.endsWith(\".amazonaws.com\")", 40005),
        keeps("duration > duration(\"30s\")", 40002, 40005));
  }

  static Stream<Case> operators() {
    return Stream.of(
        keeps("src.namespace != \"shop\" && dst.port < 9000", 40003, 40005, 40006),
        keeps("dst.port <= 443 && dst.port > 80", 40002, 40005),
        keeps("outcome == \"refused\" || outcome == \"timeout\"", 40003, 40004),
        keeps("!persistent && src.namespace == \"shop\"", 40001),
        keeps("not persistent and src.namespace == \"shop\"", 40001),
        keeps("not(outcome == \"closed\") and not (src.kind == \"pod\")", 40005, 40006),
        keeps("dst.name in [\"postgres\", \"nginx\"]", 40001, 40006),
        keeps("dst.name.startsWith(\"www.\") || dst.name.contains(\"s3\")", 40002, 40005),
        keeps("dst.name.matches(\"^b.*\\\\.com$\")", 40005),
        keeps("size(src.name) == 3", 40003, 40004),
        keeps("bytes.sent + bytes.received > 100000 && bytes.sent * 2 < 2000000", 40005),
        keeps(
            "duration >= duration(\"2s\") && duration < duration(\"1m\")",
            40002,
            40004,
            40005,
            40006),
        keeps("(dst.port == 443 ? tls.version : \"none\") == \"TLS 1.3\"", 40002),
        keeps("[\"ns1\", \"ns2\"].exists(n, src.namespace == n)", 40003, 40004),
        keeps("[\"refused\", \"reset\"].all(o, outcome != o)", 40001, 40002, 40004, 40006),
        // the words of Kubeshark inside strings and after a dot are left alone
        keeps("dst.name == \"rock and roll\" or src.name == 'not or and'"),
        keeps("dst.name != \"a or b\" and src.name == \"curl\"", 40006),
        keeps("true"),
        keeps("false"));
  }

  static Stream<Case> all() {
    return Stream.of(fields(), kubeshark(), operators()).flatMap(s -> s);
  }

  @ParameterizedTest
  @MethodSource("all")
  void test_expression_keepsTheConnectionsItDescribes(Case c) {
    ConnectionFilter filter = ConnectionFilter.compile(c.expression(), PERSISTENT);
    Predicate<ConnectionRecord> passes = filter.overRecords(HANDSHAKES);

    Set<Integer> kept =
        RECORDS.stream()
            .filter(passes)
            .map(r -> r.connection().clientPort())
            .collect(Collectors.toSet());

    assertThat(kept)
        .isEqualTo(c.kept().isEmpty() && c.expression().equals("true") ? allPorts() : c.kept());
  }

  private static Set<Integer> allPorts() {
    return IntStream.rangeClosed(40001, 40006).boxed().collect(Collectors.toSet());
  }

  @Test
  void fields_everyFieldIsInTheTable() {
    String table = fields().map(Case::expression).collect(Collectors.joining(" "));
    for (String name : FilterField.names()) {
      assertThat(table).as(name).contains(name + " ");
    }
  }

  /** An expression that cannot run, and what its message must say. */
  record Refusal(String expression, List<String> says) {
    @Override
    public String toString() {
      return expression.length() > 60 ? expression.substring(0, 60) + "…" : expression;
    }
  }

  private static Refusal refuses(String expression, String... says) {
    return new Refusal(expression, List.of(says));
  }

  static Stream<Refusal> refusals() {
    String longList =
        IntStream.range(0, 120).mapToObj(Integer::toString).collect(Collectors.joining(","));
    return Stream.of(
        refuses("src.namespace ==", "filter: at 1:17: ", "mismatched input '<EOF>' expecting"),
        refuses("src.namespace == 1", "filter: at 1:15: found no matching overload for '_==_'"),
        refuses(
            "src.foo == \"x\"",
            "filter: at 1:1: unknown field 'src.foo'; the fields are src.ip, src.port,",
            "tls.ja4, protocol"),
        refuses(
            "outcome == \"closed\" and\n  dst.nam.endsWith(\"x\")",
            "at 2:3: unknown field 'dst.nam'"),
        refuses("bytes.sent", "at 1:6: expected type 'bool' but found 'int'"),
        refuses("not", "at 1:4: "),
        refuses("src.name.matches(\"a(\")", "at 1:18: pattern of matches: missing closing )"),
        refuses(
            "src.name.matches(dst.name)",
            "at 1:21: the pattern of matches must be a string literal"),
        refuses(
            "src.name.matches(\"((a{100}){100}){100}\")",
            "at 1:18: pattern of matches: expression too large"),
        refuses(
            "[" + longList + "].all(x, [" + longList + "].all(y, x != y || persistent))",
            "filter: too costly: up to ",
            "the limit is 10000"),
        refuses("src.name == \"" + "x".repeat(5000) + "\"", "filter: longer than 4096 characters"),
        refuses("duration > duration(\"soon\")", "filter: at 1:21: not a duration: soon"));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void compile_wrongExpression_saysWhereAndWhat(Refusal r) {
    assertThatThrownBy(() -> ConnectionFilter.compile(r.expression(), PERSISTENT))
        .isInstanceOf(QueryException.class)
        .message()
        .contains(r.says());
  }

  @Test
  void compile_underTheCostLimit_runs() {
    String list =
        IntStream.range(0, 25).mapToObj(Integer::toString).collect(Collectors.joining(","));
    ConnectionFilter filter =
        ConnectionFilter.compile(
            "[" + list + "].all(x, [" + list + "].exists(y, y >= x))", PERSISTENT);

    assertThat(filter.cost()).isBetween(1_000L, ConnectionFilter.MAX_COST);
    assertThat(RECORDS.stream().filter(filter.overRecords(HANDSHAKES))).hasSize(6);
  }

  @Test
  void compile_cost_growsWithTheExpression() {
    long one = ConnectionFilter.compile("dst.port == 443", PERSISTENT).cost();
    long two = ConnectionFilter.compile("dst.port == 443 || dst.port == 80", PERSISTENT).cost();

    assertThat(one).isEqualTo(3);
    assertThat(two).isEqualTo(7);
  }

  @Test
  void test_evaluationError_isAQueryErrorWithItsPosition() {
    ConnectionFilter filter =
        ConnectionFilter.compile("bytes.sent / bytes.received > 1", PERSISTENT);

    assertThatThrownBy(() -> RECORDS.stream().filter(filter.overRecords(HANDSHAKES)).count())
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("filter: ")
        .hasMessageContaining("at 1:12")
        .hasMessageContaining("/ by zero");
  }

  @Test
  void compile_blank_keepsEverything() {
    assertThat(ConnectionFilter.compile(null, PERSISTENT).isNone()).isTrue();
    assertThat(ConnectionFilter.compile("  ", PERSISTENT)).isSameAs(ConnectionFilter.NONE);
  }

  @Test
  void requireKnownOn_connectionField_overEdges_namesTheFieldsThatCanBeUsed() {
    ConnectionFilter filter =
        ConnectionFilter.compile("outcome == \"reset\" && src.process == \"x\"", PERSISTENT);

    assertThatThrownBy(() -> filter.requireKnownOn(Level.EDGE, "the history's edges"))
        .isInstanceOf(QueryException.class)
        .hasMessage(
            "filter: outcome, src.process are known per connection, not on the history's edges;"
                + " there a filter can use src.ip, src.namespace, src.pod, src.workload, src.kind,"
                + " src.name, src.node, dst.ip, dst.port, dst.namespace, dst.pod, dst.workload,"
                + " dst.kind, dst.name, dst.node, protocol");
  }

  @Test
  void requireKnownOn_handshake_allowsItsPortsAndTls() {
    ConnectionFilter filter =
        ConnectionFilter.compile("src.port > 1024 && tls.version == \"TLS 1.3\"", PERSISTENT);

    filter.requireKnownOn(Level.HANDSHAKE, "TLS handshakes");
    assertThat(filter.knownOn(Level.EDGE)).isFalse();
    assertThat(filter.fields())
        .containsExactlyInAnyOrder(FilterField.SRC_PORT, FilterField.TLS_VERSION);
  }

  @Test
  void testEdge_edgeExpression_agreesWithItsConnections() {
    ConnectionFilter filter =
        ConnectionFilter.compile("dst.port == 443 and src.node == \"node-a\"", PERSISTENT);

    for (ConnectionRecord r : RECORDS) {
      EdgeKey key = new EdgeKey(r.client(), r.server(), r.connection().serverPort());
      assertThat(filter.testEdge(key)).as(r.toString()).isEqualTo(filter.test(r, null));
    }
  }

  @Test
  void testHandshake_namedEnds() {
    ConnectionFilter filter =
        ConnectionFilter.compile("dst.kind == \"external\" && tls.sni == \"\"", PERSISTENT);

    assertThat(filter.testHandshake(HANDSHAKES.get(0), FilterWorld.WEB, FilterWorld.DOMAIN))
        .isFalse();
    assertThat(filter.testHandshake(HANDSHAKES.get(1), FilterWorld.NODE, FilterWorld.BUCKET))
        .isTrue();
  }
}
