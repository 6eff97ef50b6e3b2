package dev.tcpmap.aggregate.testing;

import dev.tcpmap.aggregate.Aggregator;
import dev.tcpmap.aggregate.history.History;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.store.StoreConfig;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/** Aggregators as the agent builds them for its history, for the tests of buckets and history. */
public final class TestAggregators {
  private TestAggregators() {}

  /**
   * An agent's aggregator that builds the history's buckets: default widths, the history's grace (2
   * s), persistent from 10 s, up to {@code maxTracked} open connections.
   */
  public static Aggregator withHistory(int maxTracked, Resolver resolver, InstantSource clock) {
    return new Aggregator(
        new Aggregator.Options(
            "agent",
            maxTracked,
            100,
            Optional.of(
                new Aggregator.Options.History(
                    StoreConfig.DEFAULTS, History.GRACE, Duration.ofSeconds(10)))),
        resolver,
        clock);
  }
}
