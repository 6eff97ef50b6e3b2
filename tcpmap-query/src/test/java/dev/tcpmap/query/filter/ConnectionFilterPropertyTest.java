package dev.tcpmap.query.filter;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.tcpmap.aggregate.Snapshot;
import dev.tcpmap.core.cluster.BackendLookup;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.ProcessInfo;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.core.testing.TestConnections;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.EdgeFilter;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.edges.EdgeStats;
import dev.tcpmap.query.edges.Grouping;
import dev.tcpmap.query.service.Answers.PodGraph;
import dev.tcpmap.query.service.ClusterView;
import dev.tcpmap.query.service.QueryService;
import dev.tcpmap.query.service.RecordsView;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Random connections and random expressions over them: {@code filter=} returns exactly the
 * connections an independent evaluation of the expression (written here in Java, not by CEL)
 * passes, and the graph of a capture's records is made of exactly those.
 */
class ConnectionFilterPropertyTest {
  private static final List<Endpoint> ENDS =
      List.of(
          FilterWorld.WEB,
          FilterWorld.POSTGRES,
          FilterWorld.DOMAIN,
          FilterWorld.A,
          FilterWorld.B,
          FilterWorld.NODE,
          FilterWorld.BUCKET,
          FilterWorld.CURL,
          FilterWorld.NGINX);
  private static final int[] PORTS = {80, 443, 5432, 8080};
  private static final long[] BYTES = {0, 10, 1200, 1_000_000, 5_000_000};
  private static final String[] COMMANDS = {"", "curl", "nginx"};
  private static final String[] SNIS = {"", "www.domain.com", "bucket.s3.amazonaws.com"};
  private static final String[] VERSIONS = {"TLS 1.2", "TLS 1.3"};

  /** A record with its handshake (or null): what the oracle reads. */
  private record Row(ConnectionRecord record, TlsHandshake handshake) {
    Connection c() {
      return record.connection();
    }
  }

  /** The oracle's fields: what docs/api.md says each one is. */
  private static final Map<String, Function<Row, Object>> FIELDS =
      Map.ofEntries(
          Map.entry("src.ip", r -> r.record().client().ip().toString()),
          Map.entry("src.port", r -> (long) r.c().clientPort()),
          Map.entry("src.namespace", r -> r.record().client().namespace()),
          Map.entry("src.kind", r -> r.record().client().kind().name().toLowerCase(Locale.ROOT)),
          Map.entry("src.name", r -> r.record().client().name()),
          Map.entry("src.workload", r -> r.record().client().workload().toString()),
          Map.entry("src.process", r -> r.c().details().client().command()),
          Map.entry("src.container", r -> r.c().details().client().container()),
          Map.entry("dst.port", r -> (long) r.c().serverPort()),
          Map.entry("dst.namespace", r -> r.record().server().namespace()),
          Map.entry("dst.name", r -> r.record().server().name()),
          Map.entry("dst.node", r -> r.record().server().node()),
          Map.entry("outcome", r -> r.c().outcome().name().toLowerCase(Locale.ROOT)),
          Map.entry("bytes.sent", r -> r.c().bytesSent()),
          Map.entry("bytes.received", r -> r.c().bytesReceived()),
          Map.entry("tls.sni", r -> r.handshake() == null ? "" : r.handshake().sni()),
          Map.entry("tls.version", r -> r.handshake() == null ? "" : r.handshake().version()));

  private static final List<String> STRING_VALUES =
      List.of(
          "",
          "shop",
          "ns1",
          "data",
          "web-1",
          "www.domain.com",
          "curl",
          "nginx",
          "pod",
          "external",
          "process",
          "Deployment/web",
          "closed",
          "refused",
          "open",
          "TLS 1.3",
          "node-a",
          "10.0.0.1",
          "127.0.0.1");

  /** An expression, as text and as the oracle evaluates it. */
  private record Expr(String text, Function<Row, Boolean> eval) {}

  @Test
  void randomExpressions_filterReturnsExactlyTheConnectionsThatPass() {
    qt().withExamples(300)
        .forAll(longs().all(), integers().between(0, 60))
        .checkAssert((seed, n) -> check(new Random(seed), n));
  }

  private static void check(Random random, int n) {
    List<Row> rows = rows(random, n);
    Expr expr = expression(random, 3);
    Snapshot snapshot =
        new Snapshot(
            rows.stream().map(Row::record).toList(),
            Map.of(),
            T0.plusSeconds(3600),
            rows.stream().map(Row::handshake).filter(h -> h != null).toList(),
            List.of());
    QueryService queries =
        new QueryService(
            new RecordsView(() -> snapshot, Resolver.IP_ONLY, FilterWorld.PERSISTENT),
            ClusterView.NONE,
            Resolver.IP_ONLY,
            Resolver.IP_ONLY,
            BackendLookup.NONE,
            new QueryService.Options(
                Duration.ZERO, InstantSource.fixed(T0), FilterWorld.PERSISTENT));
    ConnectionFilter filter = queries.filter(expr.text());

    Set<Integer> expected = new HashSet<>();
    long expectedBytes = 0;
    for (Row r : rows) {
      if (expr.eval().apply(r)) {
        expected.add(r.c().clientPort());
        expectedBytes += r.c().bytesSent();
      }
    }
    Set<Integer> returned = new HashSet<>();
    queries
        .connections(TimeRange.ALL, EdgeFilter.NONE, filter, 100_000)
        .connections()
        .forEach(c -> returned.add(c.clientPort()));
    PodGraph graph = (PodGraph) queries.graph(TimeRange.ALL, EdgeFilter.NONE, filter, Grouping.POD);

    assertThat(returned).as(expr.text()).isEqualTo(expected);
    assertThat(graph.edges().stream().mapToLong(EdgeStats::connections).sum())
        .as(expr.text())
        .isEqualTo(expected.size());
    assertThat(graph.edges().stream().mapToLong(EdgeStats::bytesSent).sum())
        .as(expr.text())
        .isEqualTo(expectedBytes);
  }

  private static List<Row> rows(Random random, int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Endpoint client = pick(random, ENDS);
      Endpoint server = pick(random, ENDS);
      String command = COMMANDS[random.nextInt(COMMANDS.length)];
      // Containers named like other fields' values, so that expressions compare them too.
      String container = random.nextBoolean() ? "" : random.nextBoolean() ? "nginx" : "web-1";
      ProcessInfo process =
          command.isEmpty() ? ProcessInfo.UNKNOWN : new ProcessInfo(1 + i, command, 1, container);
      Connection c =
          new Connection(
              client.ip(),
              20_000 + i,
              server.ip(),
              PORTS[random.nextInt(PORTS.length)],
              T0.plusSeconds(i),
              Duration.ofMillis(random.nextInt(60_000)),
              BYTES[random.nextInt(BYTES.length)],
              BYTES[random.nextInt(BYTES.length)],
              Outcome.values()[random.nextInt(Outcome.values().length)],
              true,
              new SocketDetails(process, ProcessInfo.UNKNOWN, 0, 0));
      // A process end's comm is its name: keep the two true to each other as the tracer does.
      Endpoint named =
          client.kind() == Endpoint.Kind.PROCESS
              ? new Endpoint(
                  client.ip(), client.kind(), command.isEmpty() ? client.name() : command, "")
              : client;
      if (named.kind() == Endpoint.Kind.PROCESS && command.isEmpty()) {
        c = withClientProcess(c, named.name(), i);
      }
      TlsHandshake h = random.nextInt(3) == 0 ? handshake(random, c) : null;
      rows.add(new Row(new ConnectionRecord(c, named, server), h));
    }
    return rows;
  }

  private static Connection withClientProcess(Connection c, String command, int i) {
    return TestConnections.withDetails(
        c, new SocketDetails(new ProcessInfo(1 + i, command, 1), ProcessInfo.UNKNOWN, 0, 0));
  }

  private static TlsHandshake handshake(Random random, Connection c) {
    return FilterWorld.handshake(
        c,
        SNIS[random.nextInt(SNIS.length)],
        VERSIONS[random.nextInt(VERSIONS.length)],
        "TLS_AES_128_GCM_SHA256");
  }

  private static Expr expression(Random random, int depth) {
    int choice = depth == 0 ? random.nextInt(3) : random.nextInt(6);
    return switch (choice) {
      case 0, 1 -> comparison(random);
      case 2 -> membership(random);
      case 3 -> {
        Expr a = expression(random, depth - 1);
        Expr b = expression(random, depth - 1);
        String op = random.nextBoolean() ? " and " : " && ";
        yield new Expr(
            "(" + a.text() + op + b.text() + ")", r -> a.eval().apply(r) && b.eval().apply(r));
      }
      case 4 -> {
        Expr a = expression(random, depth - 1);
        Expr b = expression(random, depth - 1);
        String op = random.nextBoolean() ? " or " : " || ";
        yield new Expr(
            "(" + a.text() + op + b.text() + ")", r -> a.eval().apply(r) || b.eval().apply(r));
      }
      default -> {
        Expr a = expression(random, depth - 1);
        String op = random.nextBoolean() ? "not " : "!";
        yield new Expr(op + "(" + a.text() + ")", r -> !a.eval().apply(r));
      }
    };
  }

  private static Expr comparison(Random random) {
    List<String> names = new ArrayList<>(FIELDS.keySet());
    names.sort(null);
    String field = pick(random, names);
    Function<Row, Object> value = FIELDS.get(field);
    boolean numeric =
        field.equals("src.port") || field.equals("dst.port") || field.startsWith("bytes.");
    if (numeric) {
      long bound =
          random.nextBoolean()
              ? PORTS[random.nextInt(PORTS.length)]
              : BYTES[random.nextInt(BYTES.length)];
      String op = pick(random, List.of("==", "!=", "<", "<=", ">", ">="));
      return new Expr(
          field + " " + op + " " + bound,
          r -> {
            long v = (Long) value.apply(r);
            return switch (op) {
              case "==" -> v == bound;
              case "!=" -> v != bound;
              case "<" -> v < bound;
              case "<=" -> v <= bound;
              case ">" -> v > bound;
              default -> v >= bound;
            };
          });
    }
    String literal = pick(random, STRING_VALUES);
    return switch (random.nextInt(3)) {
      case 0 -> new Expr(field + " == \"" + literal + "\"", r -> value.apply(r).equals(literal));
      case 1 -> new Expr(field + " != '" + literal + "'", r -> !value.apply(r).equals(literal));
      default -> {
        String suffix = literal.length() > 3 ? literal.substring(literal.length() - 3) : literal;
        yield new Expr(
            field + ".endsWith(\"" + suffix + "\")",
            r -> ((String) value.apply(r)).endsWith(suffix));
      }
    };
  }

  private static Expr membership(Random random) {
    String first = pick(random, STRING_VALUES);
    String second = pick(random, STRING_VALUES);
    return new Expr(
        "outcome in [\"" + first + "\", \"" + second + "\"]",
        r -> {
          String outcome = r.c().outcome().name().toLowerCase(Locale.ROOT);
          return outcome.equals(first) || outcome.equals(second);
        });
  }

  private static <T> T pick(Random random, List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
