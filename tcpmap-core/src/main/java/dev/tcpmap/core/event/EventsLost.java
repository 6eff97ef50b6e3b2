package dev.tcpmap.core.event;

import java.util.Map;
import java.util.Objects;

/**
 * Observations a source or stage could not deliver: loss is an event, counted and shown, never
 * silent.
 *
 * @param source which source or stage lost them (e.g. "tracker")
 * @param reason why, as a short stable token (e.g. "evicted", "connection-log-full")
 * @param count how many, at least 1
 */
public record EventsLost(String source, String reason, long count) implements Event {
  public EventsLost {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reason, "reason");
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
  }

  /**
   * An immutable copy of loss totals by {@code source/reason}, as answers carry them; a negative
   * count (only a broken source could give one) is refused.
   */
  public static Map<String, Long> totals(Map<String, Long> losses) {
    losses.forEach(
        (reason, count) -> {
          if (count < 0) {
            throw new IllegalArgumentException("loss count is negative: " + reason + "=" + count);
          }
        });
    return Map.copyOf(losses);
  }
}
