package dev.tcpmap.api.wire;

/**
 * A peer's answer that is not what {@code /api/v1/peer/edges} returns: not JSON, the wrong shape,
 * an unknown version, an impossible value, or too large. The message names the place, e.g. {@code
 * "edges[3].client.ip: not an IP address: 10.0.0"}.
 */
public final class MalformedAnswerException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedAnswerException(String message) {
    super(message, null, false, false);
  }
}
