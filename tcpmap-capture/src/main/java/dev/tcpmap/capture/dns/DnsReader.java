package dev.tcpmap.capture.dns;

/**
 * Bounds-checked reads over one DNS message {@code bytes[start, end)}, with names decompressed (RFC
 * 1035 §4.1.4). Positions are offsets in the message, as compression pointers are.
 */
final class DnsReader {
  /** RFC 1035 §2.3.4: a name is at most 255 bytes on the wire. */
  private static final int MAX_NAME = 255;

  private final byte[] bytes;
  private final int start;
  private final int length;
  private int position;

  DnsReader(byte[] bytes, int start, int length) {
    this.bytes = bytes;
    this.start = start;
    this.length = length;
  }

  int position() {
    return position;
  }

  int remaining() {
    return length - position;
  }

  int u8() throws DnsFormatException {
    need(1);
    return bytes[start + position++] & 0xFF;
  }

  int u16() throws DnsFormatException {
    need(2);
    int value = (bytes[start + position] & 0xFF) << 8 | bytes[start + position + 1] & 0xFF;
    position += 2;
    return value;
  }

  long u32() throws DnsFormatException {
    return (long) u16() << 16 | u16();
  }

  void skip(int count) throws DnsFormatException {
    need(count);
    position += count;
  }

  byte[] bytes(int count) throws DnsFormatException {
    need(count);
    byte[] copy = new byte[count];
    System.arraycopy(bytes, start + position, copy, 0, count);
    position += count;
    return copy;
  }

  /**
   * Reads a possibly compressed name, lower case, labels joined by dots, bytes outside printable
   * ASCII and dots inside labels escaped as {@code \DDD} (as dig prints them). Every pointer must
   * point before the start of the part of the name being read, so pointers cannot loop; that part
   * starts where the name starts, then at each pointer's target.
   */
  String name() throws DnsFormatException {
    StringBuilder name = new StringBuilder(32);
    int at = position;
    int partStart = position;
    int resume = -1;
    int wireLength = 1;
    while (true) {
      int length = byteAt(at);
      if ((length & 0xC0) == 0xC0) {
        int target = (length & 0x3F) << 8 | byteAt(at + 1);
        if (target >= partStart) {
          throw new DnsFormatException("dns-bad-pointer", at);
        }
        if (resume < 0) {
          resume = at + 2;
        }
        at = target;
        partStart = target;
        continue;
      }
      if ((length & 0xC0) != 0) {
        throw new DnsFormatException("dns-bad-label-type", at);
      }
      if (length == 0) {
        position = resume < 0 ? at + 1 : resume;
        return name.isEmpty() ? "." : name.toString();
      }
      wireLength += length + 1;
      if (wireLength > MAX_NAME) {
        throw new DnsFormatException("dns-name-too-long", at);
      }
      if (at + 1 + length > this.length) {
        throw new DnsFormatException("dns-truncated", at);
      }
      appendLabel(name, at + 1, length);
      at += 1 + length;
    }
  }

  private void appendLabel(StringBuilder name, int from, int length) {
    if (!name.isEmpty()) {
      name.append('.');
    }
    for (int i = from; i < from + length; i++) {
      int c = bytes[start + i] & 0xFF;
      if (c >= 'A' && c <= 'Z') {
        name.append((char) (c + ('a' - 'A')));
      } else if (c > 0x20 && c < 0x7F && c != '.' && c != '\\') {
        name.append((char) c);
      } else {
        name.append('\\').append((char) ('0' + c / 100)).append((char) ('0' + c / 10 % 10));
        name.append((char) ('0' + c % 10));
      }
    }
  }

  private int byteAt(int at) throws DnsFormatException {
    if (at >= length) {
      throw new DnsFormatException("dns-truncated", at);
    }
    return bytes[start + at] & 0xFF;
  }

  private void need(int count) throws DnsFormatException {
    if (count > length - position) {
      throw new DnsFormatException("dns-truncated", position);
    }
  }
}
