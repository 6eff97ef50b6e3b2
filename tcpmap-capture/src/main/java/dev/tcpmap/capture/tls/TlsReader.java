package dev.tcpmap.capture.tls;

import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked big-endian reads over {@code bytes[from, to)}, one handshake message body or a
 * vector inside one. A read past the end throws {@link TlsFormatException} with reason {@code
 * <context>-truncated}; a vector whose length prefix runs past the end throws {@code
 * <context>-bad-length}. Offsets in messages are relative to the start of the outermost body.
 */
final class TlsReader {
  private final byte[] bytes;
  private final String context;
  private final int base;
  private final int end;
  private int position;

  TlsReader(byte[] bytes, int from, int to, String context) {
    this(bytes, from, to, context, from);
  }

  private TlsReader(byte[] bytes, int from, int to, String context, int base) {
    this.bytes = bytes;
    this.position = from;
    this.end = to;
    this.context = context;
    this.base = base;
  }

  boolean hasRemaining() {
    return position < end;
  }

  int remaining() {
    return end - position;
  }

  int u8() throws TlsFormatException {
    need(1);
    return bytes[position++] & 0xFF;
  }

  int u16() throws TlsFormatException {
    need(2);
    int value = (bytes[position] & 0xFF) << 8 | bytes[position + 1] & 0xFF;
    position += 2;
    return value;
  }

  int u24() throws TlsFormatException {
    need(3);
    int value =
        (bytes[position] & 0xFF) << 16
            | (bytes[position + 1] & 0xFF) << 8
            | bytes[position + 2] & 0xFF;
    position += 3;
    return value;
  }

  void skip(int count) throws TlsFormatException {
    need(count);
    position += count;
  }

  /** The next {@code count} bytes as ISO-8859-1, one char per byte, so no byte is lost. */
  String latin1(int count) throws TlsFormatException {
    need(count);
    String text = new String(bytes, position, count, StandardCharsets.ISO_8859_1);
    position += count;
    return text;
  }

  /** The bytes are {@code array()[offset(), offset() + n)}: for parsers that take an array. */
  byte[] array() {
    return bytes;
  }

  int offset() {
    return position;
  }

  /**
   * Reads a length prefix of {@code prefixBytes} (1, 2 or 3) and returns a reader over the vector
   * it announces, moving this reader past it.
   */
  TlsReader vector(int prefixBytes) throws TlsFormatException {
    int length =
        switch (prefixBytes) {
          case 1 -> u8();
          case 2 -> u16();
          default -> u24();
        };
    if (length > remaining()) {
      throw new TlsFormatException(context + "-bad-length", position - prefixBytes - base);
    }
    TlsReader vector = new TlsReader(bytes, position, position + length, context, base);
    position += length;
    return vector;
  }

  private void need(int count) throws TlsFormatException {
    if (count > end - position) {
      throw new TlsFormatException(context + "-truncated", position - base);
    }
  }
}
