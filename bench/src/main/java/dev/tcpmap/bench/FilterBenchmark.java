package dev.tcpmap.bench;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.ConnectionRecord;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Kind;
import dev.tcpmap.core.model.Endpoint.Workload;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.ProcessInfo;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.core.testing.TestHandshakes;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.filter.ConnectionFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Connection records a {@code filter=} expression evaluates per second on one thread: the compiled
 * CEL program over each record's fields (and, for a {@code tls.} field, the lookup of the
 * connection's handshake), as {@code /api/v1/connections} and a capture's graph run it. 4,096
 * records of pods in 20 namespaces, Services, external names and processes, every outcome, bytes
 * and durations spread over six orders of magnitude, one in four with a TLS handshake.
 *
 * <pre>java -jar bench/target/benchmarks.jar FilterBenchmark</pre>
 */
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--sun-misc-unsafe-memory-access=allow"})
public class FilterBenchmark extends ThroughputBenchmark {
  static final int RECORDS = 4_096;

  /** Kubeshark's three examples, and the CEL ones. */
  @Param({
    "dst.namespace==\"\"",
    "(src.namespace==\"ns1\" and dst.namespace==\"ns2\") or (src.namespace==\"ns2\" and dst.namespace==\"ns1\")",
    "dst.name==\"www.domain.com\"",
    "outcome in [\"refused\",\"timeout\"]",
    "bytes.sent > 1000000 && dst.name.endsWith(\".amazonaws.com\")",
    "duration > duration(\"30s\")",
    "tls.sni == \"www.domain.com\" && dst.port == 443",
  })
  public String expression;

  private ConnectionRecord[] records;
  private Predicate<ConnectionRecord> passes;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(17);
    Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
    List<ConnectionRecord> list = new ArrayList<>(RECORDS);
    List<TlsHandshake> handshakes = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      Endpoint client = end(random, i);
      Endpoint server = end(random, i + 7);
      int port = random.nextInt(4) == 0 ? 443 : 8080;
      Connection c =
          new Connection(
              client.ip(),
              10_000 + i,
              server.ip(),
              port,
              t0.plusMillis(i),
              Duration.ofMillis((long) Math.pow(10, random.nextInt(6)) * (1 + random.nextInt(9))),
              (long) Math.pow(10, random.nextInt(8)),
              (long) Math.pow(10, random.nextInt(8)),
              Outcome.values()[random.nextInt(Outcome.values().length)],
              true,
              new SocketDetails(new ProcessInfo(100 + i, "app", 1), ProcessInfo.UNKNOWN, 0, 0));
      list.add(new ConnectionRecord(c, client, server));
      if (i % 4 == 0) {
        String sni = random.nextBoolean() ? "www.domain.com" : "api.domain.com";
        handshakes.add(
            TestHandshakes.tls13(
                c.client(),
                c.clientPort(),
                c.server(),
                port,
                c.start(),
                c.start(),
                sni,
                Optional.empty()));
      }
    }
    records = list.toArray(ConnectionRecord[]::new);
    passes = ConnectionFilter.compile(expression, Duration.ofSeconds(10)).overRecords(handshakes);
  }

  private static Endpoint end(SplittableRandom random, int i) {
    IpAddress ip = IpAddress.v4(0x0A00_0000 | (i & 0xFFFF));
    return switch (random.nextInt(5)) {
      case 0, 1 -> {
        String ns = "ns" + random.nextInt(20);
        yield new Endpoint(
            ip, Kind.POD, "app-" + i, ns, new Workload("Deployment", "app" + i % 50), "node-1");
      }
      case 2 -> new Endpoint(ip, Kind.SERVICE, "svc-" + i % 100, "ns" + random.nextInt(20));
      case 3 ->
          new Endpoint(
              ip,
              Kind.EXTERNAL,
              random.nextBoolean() ? "www.domain.com" : "b.s3.amazonaws.com",
              "");
      default -> new Endpoint(ip, Kind.PROCESS, "curl", "");
    };
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public int evaluate() {
    int passed = 0;
    for (ConnectionRecord r : records) {
      if (passes.test(r)) {
        passed++;
      }
    }
    return passed;
  }
}
