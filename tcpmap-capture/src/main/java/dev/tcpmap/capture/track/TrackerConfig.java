package dev.tcpmap.capture.track;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the {@link TcpTracker}, all on the capture clock (packet timestamps), never the wall
 * clock.
 *
 * @param idleTimeout an entry with no packet for this long is expired ({@code tcp.idle-timeout})
 * @param connectTimeout a SYN that got no answer for at least this long, measured from the first
 *     SYN to the end of observation, is a {@code timeout}; a younger one is {@code unknown} ({@code
 *     tcp.connect-timeout})
 * @param maxTracked at most this many entries (live connections and tombstones) are kept; beyond it
 *     the least recently active one found is evicted ({@code tcp.max-tracked}, 16 to {@value
 *     #MAX_TRACKED_LIMIT}). Memory is about 128 bytes per slot, with at most the next power of two
 *     of 4/3 × maxTracked slots: 64 MiB at the default.
 */
public record TrackerConfig(Duration idleTimeout, Duration connectTimeout, int maxTracked) {

  /** Keeps the flow table within one Java array (2^26 slots of 16 longs). */
  public static final int MAX_TRACKED_LIMIT = 1 << 25;

  public TrackerConfig {
    checkPositive(idleTimeout, "tcp.idle-timeout");
    checkPositive(connectTimeout, "tcp.connect-timeout");
    if (maxTracked < 16 || maxTracked > MAX_TRACKED_LIMIT) {
      throw new IllegalArgumentException(
          "tcp.max-tracked must be between 16 and " + MAX_TRACKED_LIMIT + ": " + maxTracked);
    }
  }

  /** Idle timeout 5 min, connect timeout 20 s, 262,144 tracked entries. */
  public static TrackerConfig defaults() {
    return new TrackerConfig(Duration.ofMinutes(5), Duration.ofSeconds(20), 262_144);
  }

  private static void checkPositive(Duration value, String key) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive: " + value);
    }
  }
}
