package dev.tcpmap.core.format;

/**
 * Decimal integers written in ASCII digits, as the docs, k8spacket's Go parser and every client
 * write them. Java's {@code Long.parseLong} also reads other scripts' digits ({@code ١٢} and a
 * fullwidth {@code １２} are 12), which would let a request or a setting mean something no one wrote.
 */
public final class Decimal {
  private Decimal() {}

  /**
   * {@code text} as a {@code long}: an optional sign, then ASCII digits only.
   *
   * @throws NumberFormatException when it is not that, or does not fit
   */
  public static long parseLong(String text) {
    requireAscii(text);
    return Long.parseLong(text);
  }

  /**
   * {@code text} as an {@code int}: an optional sign, then ASCII digits only.
   *
   * @throws NumberFormatException when it is not that, or does not fit
   */
  public static int parseInt(String text) {
    requireAscii(text);
    return Integer.parseInt(text);
  }

  private static void requireAscii(String text) {
    int start = !text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
    if (start == text.length()) {
      throw new NumberFormatException("no digits: '" + text + "'");
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException("not an ASCII decimal digit in '" + text + "'");
      }
    }
  }
}
