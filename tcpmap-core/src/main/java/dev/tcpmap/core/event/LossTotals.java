package dev.tcpmap.core.event;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns running totals of losses, as a counter keeps them (the kernel's ring-buffer drops, a full
 * queue), into {@link EventsLost} events of what is new since the last report. Not thread-safe: one
 * reporter a thread.
 */
public final class LossTotals {
  private final Map<String, Long> reported = new HashMap<>();

  /**
   * Emits one {@link EventsLost} per {@code source/reason} key of {@code totals} that grew since
   * the last call. A key without a slash is a reason of {@code defaultSource}.
   */
  public void report(Map<String, Long> totals, String defaultSource, EventSink sink) {
    totals.forEach(
        (key, total) -> {
          long delta = total - reported.getOrDefault(key, 0L);
          if (delta > 0) {
            reported.put(key, total);
            int slash = key.indexOf('/');
            sink.accept(
                slash < 0
                    ? new EventsLost(defaultSource, key, delta)
                    : new EventsLost(key.substring(0, slash), key.substring(slash + 1), delta));
          }
        });
  }
}
