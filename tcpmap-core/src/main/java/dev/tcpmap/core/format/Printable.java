package dev.tcpmap.core.format;

/**
 * Text from the outside (a file name, a server name read from a capture) made safe to print on a
 * terminal: a control character could move the cursor, rewrite the line or change the terminal's
 * state, and an invisible format character (a bidi override) could make the text read as something
 * else. Each is shown as an escape instead ({@code \x1b}, {@code \u202e}); everything else, any
 * script included, is left as it is.
 */
public final class Printable {
  private Printable() {}

  /** {@code text} with every control and format character escaped; {@code text} when none. */
  public static String of(String text) {
    int first = firstUnsafe(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, first);
    for (int i = first; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (unsafe(c)) {
        out.append(c <= 0xff ? "\\x%02x".formatted(c) : "\\u%04x".formatted(c));
      } else {
        out.appendCodePoint(c);
      }
      i += Character.charCount(c);
    }
    return out.toString();
  }

  private static int firstUnsafe(String text) {
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (unsafe(c)) {
        return i;
      }
      i += Character.charCount(c);
    }
    return -1;
  }

  private static boolean unsafe(int c) {
    return Character.isISOControl(c)
        || Character.getType(c) == Character.FORMAT
        || Character.getType(c) == Character.SURROGATE
        || c == 0x2028
        || c == 0x2029;
  }
}
