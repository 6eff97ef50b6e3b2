package dev.tcpmap.capture.dns;

/**
 * A DNS message that is malformed or cut short. The {@link #reason() reason} is a counter key from
 * a fixed set ({@code "dns-truncated"}, {@code "dns-bad-pointer"}, …); the message adds the offset
 * in the DNS message where the broken field starts: {@code "dns-bad-pointer at byte 40"}.
 *
 * <p>The only exception this package throws; {@link DnsParser} catches and counts it.
 */
public final class DnsFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final int offset;

  public DnsFormatException(String reason, int offset) {
    super(reason + " at byte " + offset, null, false, false);
    this.reason = reason;
    this.offset = offset;
  }

  public String reason() {
    return reason;
  }

  public int offset() {
    return offset;
  }
}
