package dev.tcpmap.aggregate.history;

import static dev.tcpmap.core.testing.TestConnections.T0;

import dev.tcpmap.aggregate.Aggregator;
import dev.tcpmap.aggregate.testing.TestAggregators;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.store.Counters;
import dev.tcpmap.store.StoreSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline's part in the history tests: an aggregator and the histories it hands over to, on a
 * clock the test moves, with the histories' log kept.
 */
final class HistoryHarness {
  final AtomicLong now = new AtomicLong(T0.toEpochMilli());
  final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
  final Aggregator aggregator;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  HistoryHarness(int maxTracked) {
    aggregator = TestAggregators.withHistory(maxTracked, Resolver.IP_ONLY, clock);
  }

  /** The history of {@code store.data-dir=dataDir}; a window's question reads 100 handshakes. */
  History open(String dataDir) {
    return Histories.open(
        Configuration.load(List.of(StoreSettings.AREA), Map.of("store.data-dir", dataDir), Map.of())
            .get(StoreSettings.AREA),
        100,
        Map.of(),
        clock,
        new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  /** A second passes; the buckets ended by then are handed over, as the pipeline's tick does. */
  void tick(History history) {
    now.addAndGet(1_000);
    history.handOver(aggregator.drain(clock.instant()), aggregator.pending());
  }

  /** Connections opened in a window that holds all of them. */
  long opened(History history) {
    return history.query(0, now.get() + 60_000).edges().values().stream()
        .mapToLong(Counters::opened)
        .sum();
  }

  String log() {
    return log.toString(StandardCharsets.UTF_8);
  }
}
