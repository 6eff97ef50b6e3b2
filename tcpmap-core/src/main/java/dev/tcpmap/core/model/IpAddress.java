package dev.tcpmap.core.model;

import java.util.Locale;

/**
 * An IPv4 or IPv6 address as two longs, so that flow tables can hold addresses without allocating.
 *
 * <p>IPv4 addresses keep the 32-bit address in the low bits of {@code low} with {@code high == 0}
 * and {@code v6 == false}. {@link #toString()} prints dotted quads for IPv4 and RFC 5952 text for
 * IPv6 (lower case, longest run of two or more zero groups as {@code ::}), which is how k8spacket
 * and Go's {@code net.IP.String()} print them.
 */
public record IpAddress(long high, long low, boolean v6) implements Comparable<IpAddress> {

  public IpAddress {
    if (!v6 && (high != 0 || (low >>> 32) != 0)) {
      throw new IllegalArgumentException("IPv4 address wider than 32 bits: " + high + "/" + low);
    }
  }

  public static IpAddress v4(int address) {
    return new IpAddress(0, address & 0xFFFF_FFFFL, false);
  }

  public static IpAddress v6(long high, long low) {
    return new IpAddress(high, low, true);
  }

  /** From 4 or 16 network-order bytes. */
  public static IpAddress of(byte[] bytes) {
    return switch (bytes.length) {
      case 4 -> v4(readInt(bytes, 0));
      case 16 -> v6(readLong(bytes, 0), readLong(bytes, 8));
      default ->
          throw new IllegalArgumentException("address must have 4 or 16 bytes: " + bytes.length);
    };
  }

  /**
   * Parses dotted-quad IPv4 or any RFC 4291 IPv6 text form (including {@code ::} and an embedded
   * IPv4 tail). Never does a DNS lookup.
   */
  public static IpAddress parse(String text) {
    if (text.indexOf(':') < 0) {
      return v4(parseV4(text, text));
    }
    return parseV6(text);
  }

  /**
   * Whether the address is a loopback address, which means the same thing in every network
   * namespace: 127.0.0.0/8, ::1, and 127.0.0.0/8 mapped into IPv6 (::ffff:127.x.y.z).
   */
  public boolean isLoopback() {
    if (!v6) {
      return (low >>> 24) == 127;
    }
    boolean mapped = high == 0 && (low >>> 32) == 0xFFFFL;
    return (high == 0 && low == 1) || (mapped && ((low >>> 24) & 0xFF) == 127);
  }

  public int version() {
    return v6 ? 6 : 4;
  }

  public byte[] bytes() {
    if (!v6) {
      int a = (int) low;
      return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
    }
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (high >>> (56 - 8 * i));
      out[i + 8] = (byte) (low >>> (56 - 8 * i));
    }
    return out;
  }

  // Written out for the same reason as Endpoint's: a key of every edge map, compared per record.
  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof IpAddress a && low == a.low && high == a.high && v6 == a.v6;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(high * 31 + low) * 2 + (v6 ? 1 : 0);
  }

  @Override
  public int compareTo(IpAddress other) {
    if (v6 != other.v6) {
      return v6 ? 1 : -1;
    }
    int c = Long.compareUnsigned(high, other.high);
    return c != 0 ? c : Long.compareUnsigned(low, other.low);
  }

  @Override
  public String toString() {
    if (!v6) {
      return ((low >>> 24) & 0xFF)
          + "."
          + ((low >>> 16) & 0xFF)
          + "."
          + ((low >>> 8) & 0xFF)
          + "."
          + (low & 0xFF);
    }
    if (high == 0 && (low >>> 32) == 0xFFFF) {
      // RFC 5952 section 5: an IPv4-mapped address keeps its IPv4 part dotted.
      return "::ffff:" + v4((int) low);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 4; i++) {
      groups[i] = (int) ((high >>> (48 - 16 * i)) & 0xFFFF);
      groups[i + 4] = (int) ((low >>> (48 - 16 * i)) & 0xFFFF);
    }
    // RFC 5952 section 4.2: compress the longest run of zero groups, the first if tied, but never
    // a single group.
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  private static int parseV4(String part, String whole) {
    String[] octets = part.split("\\.", -1);
    if (octets.length != 4) {
      throw new IllegalArgumentException("not an IP address: " + whole);
    }
    int address = 0;
    for (String octet : octets) {
      int value = parseNumber(octet, 10, 3, 255, whole);
      address = (address << 8) | value;
    }
    return address;
  }

  private static IpAddress parseV6(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    int doubleColon = lower.indexOf("::");
    if (doubleColon >= 0 && lower.indexOf("::", doubleColon + 1) >= 0) {
      throw new IllegalArgumentException("not an IP address: " + text);
    }
    int[] head = groups(doubleColon >= 0 ? lower.substring(0, doubleColon) : lower, text);
    int[] tail = doubleColon >= 0 ? groups(lower.substring(doubleColon + 2), text) : new int[0];
    int count = head.length + tail.length;
    if (count > 8 || (doubleColon < 0 && count != 8) || (doubleColon >= 0 && count == 8)) {
      throw new IllegalArgumentException("not an IP address: " + text);
    }
    int[] all = new int[8];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
    long high = 0;
    long low = 0;
    for (int i = 0; i < 4; i++) {
      high = (high << 16) | all[i];
      low = (low << 16) | all[i + 4];
    }
    return v6(high, low);
  }

  /** Groups of one side of "::"; a dotted IPv4 tail counts as two groups. */
  private static int[] groups(String part, String whole) {
    if (part.isEmpty()) {
      return new int[0];
    }
    String[] fields = part.split(":", -1);
    boolean v4Tail = fields[fields.length - 1].indexOf('.') >= 0;
    int[] out = new int[fields.length + (v4Tail ? 1 : 0)];
    for (int i = 0; i < fields.length - (v4Tail ? 1 : 0); i++) {
      out[i] = parseNumber(fields[i], 16, 4, 0xFFFF, whole);
    }
    if (v4Tail) {
      int v4 = parseV4(fields[fields.length - 1], whole);
      out[out.length - 2] = v4 >>> 16;
      out[out.length - 1] = v4 & 0xFFFF;
    }
    return out;
  }

  private static int parseNumber(String digits, int radix, int maxDigits, int max, String whole) {
    if (digits.isEmpty() || digits.length() > maxDigits) {
      throw new IllegalArgumentException("not an IP address: " + whole);
    }
    int value = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = Character.digit(digits.charAt(i), radix);
      if (d < 0) {
        throw new IllegalArgumentException("not an IP address: " + whole);
      }
      value = value * radix + d;
    }
    if (value > max) {
      throw new IllegalArgumentException("not an IP address: " + whole);
    }
    return value;
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xFF) << 24
        | (b[at + 1] & 0xFF) << 16
        | (b[at + 2] & 0xFF) << 8
        | (b[at + 3] & 0xFF);
  }

  private static long readLong(byte[] b, int at) {
    return (readInt(b, at) & 0xFFFF_FFFFL) << 32 | (readInt(b, at + 4) & 0xFFFF_FFFFL);
  }
}
