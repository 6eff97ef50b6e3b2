package dev.tcpmap.server.cli;

/**
 * A problem the user can fix (a missing file, a port in use): printed as one line, exit code 2, no
 * stack trace.
 */
final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UserError(String message) {
    super(message);
  }
}
