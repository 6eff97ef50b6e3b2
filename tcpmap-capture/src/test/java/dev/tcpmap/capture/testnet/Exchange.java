package dev.tcpmap.capture.testnet;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;

/**
 * Byte-exact reads and writes on a connected socket's streams, shared by both {@link TrafficPeer}
 * roles. Counts are payload bytes; the content is a fixed pattern nobody checks.
 */
final class Exchange {
  private static final int CHUNK = 64 * 1024;

  private Exchange() {}

  /** Writes exactly {@code count} bytes (in chunks of at most 64 KiB). */
  static void write(OutputStream out, long count) throws IOException {
    byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(count, 1))];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = (byte) ('a' + i % 26);
    }
    long left = count;
    while (left > 0) {
      int n = (int) Math.min(left, chunk.length);
      out.write(chunk, 0, n);
      left -= n;
    }
    out.flush();
  }

  /** Reads exactly {@code count} bytes; an end of stream before that is an {@link EOFException}. */
  static void read(InputStream in, long count) throws IOException {
    byte[] buffer = new byte[CHUNK];
    long left = count;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(left, buffer.length));
      if (n < 0) {
        throw new EOFException("stream ended with " + left + " of " + count + " bytes unread");
      }
      left -= n;
    }
  }

  /** Waits for the peer's FIN; any further byte is a protocol error. */
  static void expectEnd(InputStream in) throws IOException {
    int b = in.read();
    if (b >= 0) {
      throw new IOException("expected the end of the stream, got more data");
    }
  }

  /**
   * Waits for the peer's RST. Returns normally on "connection reset"; a FIN or data instead is a
   * protocol error.
   */
  static void expectReset(InputStream in) throws IOException {
    try {
      int b = in.read();
      throw new IOException("expected a reset, got " + (b < 0 ? "the end of the stream" : "data"));
    } catch (SocketException e) {
      if (!isReset(e)) {
        throw e;
      }
    }
  }

  static boolean isReset(SocketException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("reset") || message.contains("Broken pipe");
  }
}
