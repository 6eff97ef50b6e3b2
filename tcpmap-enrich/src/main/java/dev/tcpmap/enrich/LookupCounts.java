package dev.tcpmap.enrich;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lookups by kind ({@code ptr}, {@code whois}, {@code geoip}) and result ({@code ok}: a name;
 * {@code none}: an answer without one, e.g. NXDOMAIN, no regex match, not in the database; {@code
 * timeout}; {@code error}: unreachable, refused, malformed). Thread-safe.
 */
final class LookupCounts {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  void add(String kind, String result) {
    counts.computeIfAbsent(kind + "/" + result, k -> new LongAdder()).increment();
  }

  /** Counts by {@code kind/result}, sorted. */
  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((key, count) -> out.put(key, count.sum()));
    return out;
  }
}
