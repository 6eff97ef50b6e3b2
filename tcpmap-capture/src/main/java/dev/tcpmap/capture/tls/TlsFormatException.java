package dev.tcpmap.capture.tls;

/**
 * A handshake message that is malformed or cut short. The {@link #reason() reason} is a short
 * counter key such as {@code "client-hello-truncated"} or {@code "certificate-bad-length"} (a fixed
 * set, so that counting by it stays bounded); the message adds the offset in the message body where
 * the broken field starts: {@code "client-hello-truncated at byte 43"}.
 *
 * <p>The only exception the parsers of this package throw. {@link TlsSession} catches it and counts
 * the reason; it reaches a caller only through the static {@code parse} methods.
 */
public final class TlsFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final int offset;

  public TlsFormatException(String reason, int offset) {
    super(reason + " at byte " + offset, null, false, false);
    this.reason = reason;
    this.offset = offset;
  }

  /** The counter key, e.g. {@code "server-hello-truncated"}. */
  public String reason() {
    return reason;
  }

  /** Offset in the message body of the broken field. */
  public int offset() {
    return offset;
  }
}
