package dev.tcpmap.capture.decode;

/**
 * A message that is malformed or cut short, as a parser of captured payload finds it. The {@link
 * #reason() reason} is a counter key from the parser's fixed set, so that counting by it stays
 * bounded; the message adds the offset where the broken field starts: {@code "dns-bad-pointer at
 * byte 40"}.
 *
 * <p>Each parser throws its own subclass and only that, and counts the reason where it catches it.
 * No stack trace is filled in: parsers throw one per malformed message, and callers only count.
 */
public abstract class FormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final int offset;

  protected FormatException(String reason, int offset) {
    super(reason + " at byte " + offset, null, false, false);
    this.reason = reason;
    this.offset = offset;
  }

  /** The counter key, e.g. {@code "dns-truncated"} or {@code "server-hello-truncated"}. */
  public String reason() {
    return reason;
  }

  /** Offset of the broken field in the message (for TLS: in the handshake message body). */
  public int offset() {
    return offset;
  }
}
