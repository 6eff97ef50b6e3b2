package dev.tcpmap.core.source;

/**
 * The live source cannot run on this host: a missing privilege, kernel feature or library. The
 * message says what is missing and how to fix it, in one line, for the user.
 */
public final class SourceUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SourceUnavailableException(String message) {
    super(message);
  }

  public SourceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
