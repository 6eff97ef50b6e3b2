package dev.tcpmap.capture.decode;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts by name (a kind of message, a reason for giving up), for the parsers' and the collector's
 * counters: a small set of fixed names, so the map stays small; one mutable cell per name, so a
 * count costs no boxing. Not synchronized: read it on the thread that counts, or after it is done.
 */
public final class Tally {
  private final Map<String, long[]> counts = new HashMap<>();

  /** One more of {@code name}. */
  public void add(String name) {
    counts.computeIfAbsent(name, k -> new long[1])[0]++;
  }

  /** {@code n} more of {@code name}; nothing for {@code n <= 0} (the name stays absent). */
  public void add(String name, long n) {
    if (n > 0) {
      counts.computeIfAbsent(name, k -> new long[1])[0] += n;
    }
  }

  /** The counts now, by name in order; names never counted are absent. */
  public SortedMap<String, Long> snapshot() {
    return plus(Map.of());
  }

  /** The counts now with {@code other}'s added, by name in order. */
  public SortedMap<String, Long> plus(Map<String, Long> other) {
    SortedMap<String, Long> out = new TreeMap<>(other);
    counts.forEach((name, count) -> out.merge(name, count[0], Long::sum));
    return Collections.unmodifiableSortedMap(out);
  }
}
