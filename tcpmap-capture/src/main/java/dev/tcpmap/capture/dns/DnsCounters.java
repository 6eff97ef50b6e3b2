package dev.tcpmap.capture.dns;

import dev.tcpmap.capture.decode.Tally;
import java.util.SortedMap;

/**
 * What one {@link DnsParser} saw: messages by kind ({@code response}, {@code query}) and problems
 * by reason ({@code dns-truncated}, {@code dns-bad-pointer}, {@code dns-bad-label-type}, {@code
 * dns-name-too-long}, {@code dns-bad-address-length}, {@code dns-bad-data-length}, {@code
 * dns-tcp-empty-message}). Not synchronized: read it on the parsing thread or after it is done.
 */
public final class DnsCounters {
  private final Tally messages = new Tally();
  private final Tally problems = new Tally();

  DnsCounters() {}

  /** Messages parsed, by kind. */
  public SortedMap<String, Long> messages() {
    return messages.snapshot();
  }

  /** Messages (or TCP streams) given up, by reason. */
  public SortedMap<String, Long> problems() {
    return problems.snapshot();
  }

  void message(String kind) {
    messages.add(kind);
  }

  void problem(String reason) {
    problems.add(reason);
  }

  @Override
  public String toString() {
    return "messages=" + messages() + " problems=" + problems();
  }
}
