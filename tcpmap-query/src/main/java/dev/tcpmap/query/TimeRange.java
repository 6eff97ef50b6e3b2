package dev.tcpmap.query;

import dev.tcpmap.core.format.Decimal;
import java.time.Instant;

/**
 * A half-open window {@code [from, to)} in epoch milliseconds (Grafana's {@code ${__from}} and
 * {@code ${__to}}). Either end may be unbounded.
 *
 * <p>A connection belongs to the window when its lifetime overlaps it: it started before {@code to}
 * and ended at or after {@code from}. k8spacket instead tests only each edge's "last seen" time, so
 * a long-lived edge that was busy inside the window but last seen after it disappears there; we
 * look at the real lifetimes.
 *
 * @param fromMs the first millisecond inside, or {@link #UNBOUNDED_FROM}
 * @param toMs the first millisecond after, or {@link #UNBOUNDED_TO}
 */
public record TimeRange(long fromMs, long toMs) {

  public static final long UNBOUNDED_FROM = Long.MIN_VALUE;
  public static final long UNBOUNDED_TO = Long.MAX_VALUE;

  /** All of time. */
  public static final TimeRange ALL = new TimeRange(UNBOUNDED_FROM, UNBOUNDED_TO);

  public TimeRange {
    if (fromMs > toMs) {
      throw new IllegalArgumentException("from is after to: " + fromMs + " > " + toMs);
    }
  }

  /**
   * Parses the {@code from} and {@code to} query parameters; a missing or empty one leaves that end
   * unbounded.
   *
   * @throws QueryException naming the parameter when it is not a decimal integer, or when {@code
   *     from} is after {@code to}
   */
  public static TimeRange parse(String from, String to) {
    long fromMs = parseEnd("from", from, UNBOUNDED_FROM);
    long toMs = parseEnd("to", to, UNBOUNDED_TO);
    if (fromMs > toMs) {
      throw QueryException.forParameter("from", "is after to (" + fromMs + " > " + toMs + ")");
    }
    return new TimeRange(fromMs, toMs);
  }

  public boolean hasFrom() {
    return fromMs != UNBOUNDED_FROM;
  }

  public boolean hasTo() {
    return toMs != UNBOUNDED_TO;
  }

  /**
   * Whether a lifetime {@code [start, end]} overlaps this window. A lifetime of length zero (a
   * refused connection) belongs to the window that contains its start; an empty window ({@code from
   * == to}) contains nothing.
   */
  public boolean overlaps(Instant start, Instant end) {
    if (fromMs == toMs) {
      return false;
    }
    boolean startsBeforeEnd = !hasTo() || start.isBefore(Instant.ofEpochMilli(toMs));
    boolean endsAfterStart = !hasFrom() || !end.isBefore(Instant.ofEpochMilli(fromMs));
    return startsBeforeEnd && endsAfterStart;
  }

  private static long parseEnd(String name, String text, long unbounded) {
    // k8spacket logs an unparsable value and then filters from 1970; a typo should not silently
    // show something else, so we refuse it.
    if (text == null || text.isEmpty()) {
      return unbounded;
    }
    try {
      return Decimal.parseLong(text);
    } catch (NumberFormatException e) {
      throw QueryException.forParameter(
          name, "not an integer number of epoch milliseconds: " + Texts.excerpt(text));
    }
  }
}
