package dev.tcpmap.core.event;

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
}
