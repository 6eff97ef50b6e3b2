package dev.tcpmap.query;

/**
 * A query a user wrote that cannot be answered: a malformed parameter, an unknown value, an invalid
 * regular expression. The message is meant for the user (an HTTP API answers it as a 400 with the
 * message as is); it starts with the name of the parameter at fault.
 */
public final class QueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueryException(String message) {
    super(message);
  }

  /** A message naming the parameter, e.g. {@code "from: not an integer: abc"}. */
  public static QueryException forParameter(String parameter, String reason) {
    return new QueryException(parameter + ": " + reason);
  }
}
