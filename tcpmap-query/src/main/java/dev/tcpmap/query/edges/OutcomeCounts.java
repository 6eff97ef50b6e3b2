package dev.tcpmap.query.edges;

import dev.tcpmap.core.model.Outcome;

/**
 * How many connections ended each way. Immutable; every count is zero or more.
 *
 * @param unreachable connects answered by an ICMP error: counted from packets only; the history
 *     keeps them with {@code refused} (its buckets have no column of their own yet), and
 *     k8spacket's metrics have no such outcome
 */
public record OutcomeCounts(
    long closed,
    long reset,
    long refused,
    long timeout,
    long open,
    long unknown,
    long unreachable) {

  public static final OutcomeCounts NONE = new OutcomeCounts(0, 0, 0, 0, 0, 0, 0);

  public OutcomeCounts {
    if ((closed | reset | refused | timeout | open | unknown | unreachable) < 0) {
      throw new IllegalArgumentException(
          "outcome counts are negative: "
              + closed
              + ", "
              + reset
              + ", "
              + refused
              + ", "
              + timeout
              + ", "
              + open
              + ", "
              + unknown
              + ", "
              + unreachable);
    }
  }

  /** Counts from where no connection is {@code unreachable} (the history, metrics, older peers). */
  public OutcomeCounts(
      long closed, long reset, long refused, long timeout, long open, long unknown) {
    this(closed, reset, refused, timeout, open, unknown, 0);
  }

  /** The counts of {@code byOrdinal}, indexed by {@link Outcome#ordinal()}. */
  public static OutcomeCounts of(long[] byOrdinal) {
    OutcomeCounts out = NONE;
    for (Outcome outcome : Outcome.values()) {
      out = out.plus(outcome, byOrdinal[outcome.ordinal()]);
    }
    return out;
  }

  // A switch without default: a new outcome does not compile until it has a count here.
  private OutcomeCounts plus(Outcome outcome, long n) {
    long u = unreachable;
    return switch (outcome) {
      case CLOSED -> new OutcomeCounts(closed + n, reset, refused, timeout, open, unknown, u);
      case RESET -> new OutcomeCounts(closed, reset + n, refused, timeout, open, unknown, u);
      case REFUSED -> new OutcomeCounts(closed, reset, refused + n, timeout, open, unknown, u);
      case TIMEOUT -> new OutcomeCounts(closed, reset, refused, timeout + n, open, unknown, u);
      case OPEN -> new OutcomeCounts(closed, reset, refused, timeout, open + n, unknown, u);
      case UNKNOWN -> new OutcomeCounts(closed, reset, refused, timeout, open, unknown + n, u);
      case UNREACHABLE -> new OutcomeCounts(closed, reset, refused, timeout, open, unknown, u + n);
    };
  }

  public long get(Outcome outcome) {
    return switch (outcome) {
      case CLOSED -> closed;
      case RESET -> reset;
      case REFUSED -> refused;
      case TIMEOUT -> timeout;
      case OPEN -> open;
      case UNKNOWN -> unknown;
      case UNREACHABLE -> unreachable;
    };
  }

  /** These counts with one more connection of {@code outcome}. */
  public OutcomeCounts plus(Outcome outcome) {
    return new OutcomeCounts(
        closed + (outcome == Outcome.CLOSED ? 1 : 0),
        reset + (outcome == Outcome.RESET ? 1 : 0),
        refused + (outcome == Outcome.REFUSED ? 1 : 0),
        timeout + (outcome == Outcome.TIMEOUT ? 1 : 0),
        open + (outcome == Outcome.OPEN ? 1 : 0),
        unknown + (outcome == Outcome.UNKNOWN ? 1 : 0),
        unreachable + (outcome == Outcome.UNREACHABLE ? 1 : 0));
  }

  /** The sum of both, outcome by outcome. */
  public OutcomeCounts plus(OutcomeCounts other) {
    return new OutcomeCounts(
        closed + other.closed,
        reset + other.reset,
        refused + other.refused,
        timeout + other.timeout,
        open + other.open,
        unknown + other.unknown,
        unreachable + other.unreachable);
  }

  public long total() {
    return closed + reset + refused + timeout + open + unknown + unreachable;
  }
}
