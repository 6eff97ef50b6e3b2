package dev.tcpmap.capture.decode;

import java.util.SortedMap;

/**
 * What a parser of captured payload saw: messages parsed, by kind, and messages (or connections)
 * given up, by reason. Both key sets are fixed, so the maps stay small. A parser's own subclass
 * documents its keys and keeps the counting to its package.
 *
 * <p>Not synchronized: read it on the thread that parses, or after it is done.
 */
public abstract class ParseCounters {
  private final Tally parsed = new Tally();
  private final Tally problems = new Tally();

  protected ParseCounters() {}

  /** Messages parsed, by kind. Kinds never seen are absent. */
  public final SortedMap<String, Long> parsed() {
    return parsed.snapshot();
  }

  /** What was given up, by reason. Reasons never seen are absent. */
  public final SortedMap<String, Long> problems() {
    return problems.snapshot();
  }

  /** {@code n} more messages of {@code kind} parsed; nothing for {@code n <= 0}. */
  protected final void countParsed(String kind, long n) {
    parsed.add(kind, n);
  }

  /** {@code n} more given up for {@code reason}; nothing for {@code n <= 0}. */
  protected final void countProblem(String reason, long n) {
    problems.add(reason, n);
  }

  @Override
  public String toString() {
    return "parsed=" + parsed() + " problems=" + problems();
  }
}
