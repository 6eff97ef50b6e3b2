package dev.tcpmap.capture.file;

import java.io.IOException;

/**
 * A capture file that is not pcap or pcapng, or whose content is corrupt or truncated. The message
 * is one line: the reason followed by {@code " at byte "} and the offset in the (uncompressed) file
 * where the broken header or record starts.
 */
public final class CaptureFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;

  public CaptureFormatException(String reason, long offset) {
    super(reason + " at byte " + offset);
    this.offset = offset;
  }

  /** Offset in the (uncompressed) file of the broken header or record. */
  public long offset() {
    return offset;
  }
}
