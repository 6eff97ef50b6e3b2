package dev.tcpmap.api.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may make the server hold: the bounds of {@link HttpTransport} for a hostile
 * network. Immutable.
 *
 * @param maxHeadBytes the request line and the header fields together, in bytes; beyond it the
 *     answer is a 414 (still in the request line) or a 431. Room for the 64 KiB query string the
 *     API accepts (k8spacket's regex filters come in the query) and ordinary header fields
 * @param maxHeaderFields header fields in one request; beyond it a 431
 * @param maxPathBytes the request target's path, in bytes; beyond it a 414
 * @param requestTimeout how long a request's line and header fields may pause, and how long a new
 *     connection may stay silent; a request left half-sent this long gets a 408 and the connection
 *     is closed
 * @param keepAlive how long a connection may stay idle between requests; rounded up to a multiple
 *     of {@code requestTimeout}
 * @param maxConnections connections open at once; beyond it new connections wait in the kernel's
 *     accept queue until one closes, and idle ones are closed after {@code requestTimeout}
 */
public record HttpLimits(
    int maxHeadBytes,
    int maxHeaderFields,
    int maxPathBytes,
    Duration requestTimeout,
    Duration keepAlive,
    int maxConnections) {

  /** The limits tcpmap serves with. */
  public static final HttpLimits DEFAULTS =
      new HttpLimits(80 * 1024, 100, 8 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(30), 1024);

  public HttpLimits {
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(keepAlive, "keepAlive");
    if (maxHeadBytes < 1024) {
      throw new IllegalArgumentException("maxHeadBytes below 1024: " + maxHeadBytes);
    }
    if (maxHeaderFields < 1 || maxPathBytes < 1 || maxConnections < 1) {
      throw new IllegalArgumentException(
          "limits must be positive: fields "
              + maxHeaderFields
              + ", path "
              + maxPathBytes
              + ", connections "
              + maxConnections);
    }
    if (requestTimeout.toMillis() < 1 || keepAlive.compareTo(requestTimeout) < 0) {
      throw new IllegalArgumentException(
          "need 1 ms <= requestTimeout <= keepAlive: " + requestTimeout + ", " + keepAlive);
    }
  }

  /** These limits with other timeouts (tests wait less). */
  public HttpLimits withTimeouts(Duration newRequestTimeout, Duration newKeepAlive) {
    return new HttpLimits(
        maxHeadBytes,
        maxHeaderFields,
        maxPathBytes,
        newRequestTimeout,
        newKeepAlive,
        maxConnections);
  }
}
