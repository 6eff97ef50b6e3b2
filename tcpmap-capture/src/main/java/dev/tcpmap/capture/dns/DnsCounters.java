package dev.tcpmap.capture.dns;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one {@link DnsParser} saw: messages by kind ({@code response}, {@code query}) and problems
 * by reason ({@code dns-truncated}, {@code dns-bad-pointer}, {@code dns-bad-label-type}, {@code
 * dns-name-too-long}, {@code dns-bad-address-length}, {@code dns-bad-data-length}, {@code
 * dns-tcp-empty-message}). Not synchronized: read it on the parsing thread or after it is done.
 */
public final class DnsCounters {
  private final Map<String, long[]> messages = new HashMap<>();
  private final Map<String, long[]> problems = new HashMap<>();

  DnsCounters() {}

  /** Messages parsed, by kind. */
  public SortedMap<String, Long> messages() {
    return snapshot(messages);
  }

  /** Messages (or TCP streams) given up, by reason. */
  public SortedMap<String, Long> problems() {
    return snapshot(problems);
  }

  void message(String kind) {
    messages.computeIfAbsent(kind, k -> new long[1])[0]++;
  }

  void problem(String reason) {
    problems.computeIfAbsent(reason, k -> new long[1])[0]++;
  }

  private static SortedMap<String, Long> snapshot(Map<String, long[]> counts) {
    SortedMap<String, Long> out = new TreeMap<>();
    counts.forEach((key, count) -> out.put(key, count[0]));
    return Collections.unmodifiableSortedMap(out);
  }

  @Override
  public String toString() {
    return "messages=" + messages() + " problems=" + problems();
  }
}
