package dev.tcpmap.aggregate;

import static dev.tcpmap.store.Fixtures.DAY;
import static dev.tcpmap.store.Fixtures.SECOND;
import static dev.tcpmap.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.tcpmap.aggregate.testing.TestAggregators;
import dev.tcpmap.core.event.CertificateProbed;
import dev.tcpmap.core.event.ConnectionClosed;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.event.ConnectionProgress;
import dev.tcpmap.core.event.DnsAnswer;
import dev.tcpmap.core.event.DnsLookupEnded;
import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.event.IcmpErrorSeen;
import dev.tcpmap.core.event.TlsHandshakeSeen;
import dev.tcpmap.core.event.UdpFlowEnded;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.EdgeKey;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.store.Counters;
import dev.tcpmap.store.MemoryRollupStore;
import dev.tcpmap.store.Rollup;
import dev.tcpmap.store.RollupStore;
import dev.tcpmap.store.SqliteRollupStore;
import dev.tcpmap.store.StoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random event streams of many connections (monotone bytes, over 10 minutes of buckets, drained as
 * time goes by): the drained rollups summed per edge equal the totals computed directly from the
 * connections, and so does a store's query of the whole range after writing them.
 */
class AggregatorRollupsPropertyTest {

  private static final List<IpAddress> CLIENTS =
      List.of(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"));
  private static final IpAddress SERVER = IpAddress.parse("10.0.1.1");
  private static final int[] PORTS = {80, 443, 5432};

  /** The aggregator's threshold: {@link TestAggregators#withHistory} counts from 10 s. */
  private static final Duration PERSISTENT = Duration.ofSeconds(10);

  private static final Outcome[] OUTCOMES = Outcome.values();

  @TempDir Path dir;

  @Test
  void randomStreams_drainedRollupsSumToTheDirectTotals() {
    forRandomStreams(200, s -> assertThat(nonZero(sum(run(s.events)))).isEqualTo(s.expected));
  }

  @Test
  void randomStreams_writtenThroughTheMemoryStore_queryOfTheWholeRangeEqualsTheTotals() {
    forRandomStreams(
        100,
        s -> {
          try (RollupStore store = new MemoryRollupStore(StoreConfig.DEFAULTS)) {
            assertThat(writeAndQuery(store, s)).isEqualTo(s.expected);
          }
        });
  }

  /** {@code examples} streams of up to 80 connections, each from a random seed. */
  private static void forRandomStreams(int examples, Consumer<Scenario> check) {
    qt().withExamples(examples)
        .forAll(longs().all(), integers().between(0, 80))
        .checkAssert((seed, n) -> check.accept(stream(new Random(seed), n)));
  }

  @Test
  void aRandomStream_writtenThroughTheSqliteStore_queryOfTheWholeRangeEqualsTheTotals() {
    Scenario s = stream(new Random(42), 300);
    try (RollupStore store = SqliteRollupStore.open(dir.resolve("h.db"), StoreConfig.DEFAULTS)) {
      assertThat(writeAndQuery(store, s)).isEqualTo(s.expected).isNotEmpty();
    }
  }

  private static Map<EdgeKey, Counters> writeAndQuery(RollupStore store, Scenario s) {
    for (List<Rollup> batch : run(s.events)) {
      store.write(batch);
    }
    return nonZero(store.query(T0, T0 + DAY).edges());
  }

  /** Without the rows of zeros that only show an edge (a baseline's bucket). */
  private static Map<EdgeKey, Counters> nonZero(Map<EdgeKey, Counters> sums) {
    Map<EdgeKey, Counters> out = new HashMap<>(sums);
    out.values().removeIf(Counters.ZERO::equals);
    return out;
  }

  private record Scenario(List<Event> events, Map<EdgeKey, Counters> expected) {}

  /** The events in time order, with a drain at every event's time and a finish at the end. */
  private static List<List<Rollup>> run(List<Event> events) {
    Aggregator builder =
        TestAggregators.withHistory(10_000, Resolver.IP_ONLY, InstantSource.system());
    List<List<Rollup>> batches = new ArrayList<>();
    for (Event e : events) {
      builder.accept(e);
      batches.add(builder.drain(timeOf(e)));
    }
    batches.add(builder.finish());
    assertThat(builder.losses().keySet()).isSubsetOf("history/baseline");
    return batches;
  }

  private static Map<EdgeKey, Counters> sum(List<List<Rollup>> batches) {
    Map<EdgeKey, Counters> out = new HashMap<>();
    batches.forEach(b -> b.forEach(r -> out.merge(r.edge(), r.counters(), Counters::plus)));
    return out;
  }

  private static Instant timeOf(Event e) {
    return switch (e) {
      case ConnectionOpened o -> o.start();
      case ConnectionProgress p -> p.at();
      case ConnectionClosed c -> c.connection().end();
      case TlsHandshakeSeen h -> h.handshake().at();
      case DnsAnswer d -> d.name().at();
      case CertificateProbed p -> p.at();
      case UdpFlowEnded u -> u.flow().start().plus(u.flow().duration());
      case IcmpErrorSeen i -> i.error().at();
      case DnsLookupEnded d -> d.lookup().at();
      case EventsLost l -> Instant.EPOCH;
    };
  }

  /**
   * {@code n} connections: each either reported by its close only (a capture file), or opened
   * (start seen or not), with up to 5 progress reports, then closed or left open at the end.
   */
  private static Scenario stream(Random r, int n) {
    List<Event> events = new ArrayList<>();
    Map<EdgeKey, Counters> expected = new HashMap<>();
    for (int i = 0; i < n; i++) {
      IpAddress client = CLIENTS.get(r.nextInt(CLIENTS.size()));
      int port = PORTS[r.nextInt(PORTS.length)];
      EdgeKey edge = new EdgeKey(Endpoint.ofIp(client), Endpoint.ofIp(SERVER), port);
      int clientPort = 30_000 + i;
      long start = T0 + r.nextLong(10 * 60 * SECOND);
      boolean startSeen = r.nextBoolean();
      boolean closeOnly = r.nextInt(4) == 0;
      boolean closes = closeOnly || r.nextInt(5) != 0;
      long t = start;
      long sent = startSeen ? 0 : r.nextLong(10_000);
      long received = startSeen ? 0 : r.nextLong(10_000);
      Long baseSent = startSeen || closeOnly ? 0L : null;
      Long baseReceived = baseSent;
      Counters c = startSeen ? Counters.opened(1) : Counters.ZERO;
      if (!closeOnly) {
        events.add(new ConnectionOpened(client, clientPort, SERVER, port, at(start), startSeen));
        for (int p = r.nextInt(6); p > 0; p--) {
          t += r.nextLong(30 * SECOND);
          sent += r.nextLong(5_000);
          received += r.nextLong(50_000);
          events.add(
              new ConnectionProgress(
                  client,
                  clientPort,
                  SERVER,
                  port,
                  at(start),
                  at(t),
                  sent,
                  received,
                  SocketDetails.NONE));
          if (baseSent == null) {
            baseSent = sent;
            baseReceived = received;
          }
        }
      }
      if (closes) {
        t += r.nextLong(30 * SECOND);
        sent += r.nextLong(5_000);
        received += r.nextLong(50_000);
        Outcome outcome = OUTCOMES[r.nextInt(OUTCOMES.length)];
        Duration d = Duration.ofMillis(t - start);
        events.add(
            new ConnectionClosed(
                new Connection(
                    client,
                    clientPort,
                    SERVER,
                    port,
                    at(start),
                    d,
                    sent,
                    received,
                    outcome,
                    startSeen,
                    SocketDetails.NONE)));
        if (baseSent == null) {
          baseSent = sent;
          baseReceived = received;
        }
        if (outcome != Outcome.OPEN) {
          // The buckets keep a connect failed by ICMP with the refused ones (docs/storage.md).
          Counters.End end =
              outcome == Outcome.UNREACHABLE
                  ? Counters.End.REFUSED
                  : Counters.End.valueOf(outcome.name());
          c = c.plus(Counters.ended(end, d.toNanos(), d.compareTo(PERSISTENT) >= 0));
        }
      }
      if (baseSent != null) {
        c = c.plus(Counters.bytes(sent - baseSent, received - baseReceived));
      }
      if (!c.equals(Counters.ZERO)) {
        expected.merge(edge, c, Counters::plus);
      }
    }
    events.sort(Comparator.comparing(AggregatorRollupsPropertyTest::timeOf));
    return new Scenario(events, expected);
  }

  private static Instant at(long millis) {
    return Instant.ofEpochMilli(millis);
  }
}
