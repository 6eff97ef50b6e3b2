package dev.tcpmap.capture.tls;

import dev.tcpmap.capture.decode.FormatException;

/**
 * A handshake message that is malformed or cut short. The {@link #reason() reason} is a short
 * counter key such as {@code "client-hello-truncated"} or {@code "certificate-bad-length"}; the
 * offset is in the message body: {@code "client-hello-truncated at byte 43"}.
 *
 * <p>The only exception the parsers of this package throw. {@link TlsSession} catches it and counts
 * the reason; it reaches a caller only through the static {@code parse} methods.
 */
public final class TlsFormatException extends FormatException {
  private static final long serialVersionUID = 1L;

  public TlsFormatException(String reason, int offset) {
    super(reason, offset);
  }
}
