package dev.tcpmap.api;

/**
 * A request the API refuses, with the HTTP status and a message for the user. Thrown by routing and
 * parameter parsing; {@link ApiServer} turns it into {@code {"error": message}}.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  ApiException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }
}
