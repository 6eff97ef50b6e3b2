package dev.tcpmap.aggregate;

import java.util.Map;

/**
 * What a {@link LiveStore} has received so far: events by kind ({@code opened}, {@code progress},
 * {@code closed}, {@code lost}) and observations lost by {@code source/reason}. Immutable totals.
 */
public record LiveCounts(Map<String, Long> events, Map<String, Long> losses) {
  public LiveCounts {
    events = Map.copyOf(events);
    losses = Map.copyOf(losses);
  }
}
