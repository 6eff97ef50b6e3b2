package dev.tcpmap.bench;

import dev.tcpmap.aggregate.Aggregator;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.store.Rollup;
import dev.tcpmap.store.StoreConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Setup;

/**
 * Connections per second through the agent's {@link Aggregator} with its history on: each operation
 * is one connection's opened and closed events (made here, as the joiner makes them), over 5,000
 * edges (100 clients × 50 servers), 20,000 connections per simulated second, a drain each simulated
 * second as the pipeline does. The aggregator does what the live store and the rollup builder did
 * apart before they were one (the closed log, the open table, the buckets). Names are IPs ({@link
 * Resolver#IP_ONLY}): the resolver's own cost is {@link ResolveBenchmark}'s.
 *
 * <pre>java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 AggregatorBenchmark</pre>
 */
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AggregatorBenchmark extends ThroughputBenchmark {
  private static final int CLIENTS = 100;
  private static final int SERVERS = 50;
  private static final long PER_SECOND = 20_000;
  private static final long STEP_NANOS = 1_000_000_000L / PER_SECOND;

  private final IpAddress[] clients = new IpAddress[CLIENTS];
  private final IpAddress[] servers = new IpAddress[SERVERS];
  private Aggregator builder;
  private Instant base;
  private long made;
  private long rollups;

  @Setup
  public void setUp() {
    for (int i = 0; i < CLIENTS; i++) {
      clients[i] = IpAddress.v4(0x0A00_0000 + i);
    }
    for (int i = 0; i < SERVERS; i++) {
      servers[i] = IpAddress.v4(0x0A01_0000 + i);
    }
    builder =
        new Aggregator(
            new Aggregator.Options(
                "agent",
                250_000,
                50_000,
                Optional.of(
                    new Aggregator.Options.History(
                        StoreConfig.DEFAULTS, Duration.ofSeconds(2), Duration.ofSeconds(10)))),
            Resolver.IP_ONLY,
            InstantSource.system());
    base = Instant.parse("2026-11-21T10:00:00Z");
  }

  @Benchmark
  public long connection() {
    long n = made++;
    IpAddress client = clients[(int) (n % CLIENTS)];
    IpAddress server = servers[(int) ((n / CLIENTS) % SERVERS)];
    int clientPort = 32_768 + (int) (n % 28_000);
    Instant start = base.plusNanos(n * STEP_NANOS);
    builder.accept(
        new ConnectionOpened(client, clientPort, server, 443, start, true, SocketDetails.NONE));
    builder.accept(
        new ConnectionClosed(
            new Connection(
                client,
                clientPort,
                server,
                443,
                start,
                Duration.ofMillis(300),
                1_200,
                18_000,
                Outcome.CLOSED,
                true,
                SocketDetails.NONE)));
    if (n % PER_SECOND == PER_SECOND - 1) {
      List<Rollup> drained = builder.drain(start);
      rollups += drained.size();
    }
    return rollups;
  }
}
