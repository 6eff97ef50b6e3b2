package dev.tcpmap.query.service;

import java.util.Objects;

/**
 * A question the view behind the query service cannot answer, and why: not a user's mistake (that
 * is a {@link dev.tcpmap.query.QueryException}) but what the data behind it cannot know, or a store
 * behind it that failed. The message is meant for the user; the HTTP API answers {@link
 * Reason#status()}.
 */
public final class ViewException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public enum Reason {
    /** The view's data cannot tell this (pods or single connections from workload series): 501. */
    NOT_KNOWN(501),
    /** The store behind the view did not answer (refused, timed out, 5xx): 503. */
    UNAVAILABLE(503),
    /** The store answered something that is not an answer (4xx, malformed): 502. */
    BAD_ANSWER(502);

    private final int status;

    Reason(int status) {
      this.status = status;
    }

    /** The HTTP status that says it. */
    public int status() {
      return status;
    }
  }

  private final Reason reason;

  public ViewException(Reason reason, String message) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }

  /** A question the view's data cannot answer. */
  public static ViewException notKnown(String message) {
    return new ViewException(Reason.NOT_KNOWN, message);
  }
}
