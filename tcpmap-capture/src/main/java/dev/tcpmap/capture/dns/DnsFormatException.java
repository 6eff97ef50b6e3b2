package dev.tcpmap.capture.dns;

import dev.tcpmap.capture.decode.FormatException;

/**
 * A DNS message that is malformed or cut short. The {@link #reason() reason} is a counter key from
 * a fixed set ({@code "dns-truncated"}, {@code "dns-bad-pointer"}, …); the offset is in the DNS
 * message: {@code "dns-bad-pointer at byte 40"}.
 *
 * <p>The only exception this package throws; {@link DnsParser} catches and counts it.
 */
public final class DnsFormatException extends FormatException {
  private static final long serialVersionUID = 1L;

  public DnsFormatException(String reason, int offset) {
    super(reason, offset);
  }
}
