package dev.tcpmap.query.filter;

/**
 * Kubeshark's {@code and}, {@code or} and {@code not}, rewritten to CEL's {@code &&}, {@code ||}
 * and {@code !} before CEL parses the text.
 *
 * <p>Only whole words outside string literals are rewritten, and each by text of the same length
 * ({@code and} → {@code "&& "}, {@code or} → {@code "||"}, {@code not} → {@code "! "}), so that
 * every position CEL reports in an error is a position in what the user wrote. A word right after a
 * {@code .} is a field or a method name and stays. CEL's string literals are skipped: single or
 * double quotes, tripled or not, with backslash escapes unless raw ({@code r"..."}).
 */
final class KubesharkWords {
  private KubesharkWords() {}

  static String rewrite(String text) {
    StringBuilder out = new StringBuilder(text);
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        i = skipString(text, i);
      } else if (isWordStart(c)) {
        int end = i;
        while (end < text.length() && isWordPart(text.charAt(end))) {
          end++;
        }
        String replacement = replacement(text.substring(i, end));
        if (replacement != null && !afterDot(text, i) && !stringPrefix(text, end)) {
          out.replace(i, end, replacement);
        }
        i = end;
      } else {
        i++;
      }
    }
    return out.toString();
  }

  private static String replacement(String word) {
    return switch (word) {
      case "and" -> "&& ";
      case "or" -> "||";
      case "not" -> "!  ";
      default -> null;
    };
  }

  /** A word that is a string's prefix ({@code r}, {@code b}, {@code rb}) is never a keyword. */
  private static boolean stringPrefix(String text, int end) {
    return end < text.length() && (text.charAt(end) == '"' || text.charAt(end) == '\'');
  }

  private static boolean afterDot(String text, int start) {
    int j = start - 1;
    while (j >= 0 && Character.isWhitespace(text.charAt(j))) {
      j--;
    }
    return j >= 0 && text.charAt(j) == '.';
  }

  /**
   * The index after the string literal opening at {@code start}. An unterminated literal runs to
   * the end of the text (CEL then reports it).
   */
  private static int skipString(String text, int start) {
    char quote = text.charAt(start);
    boolean raw = start > 0 && (text.charAt(start - 1) == 'r' || text.charAt(start - 1) == 'R');
    boolean triple =
        start + 2 < text.length()
            && text.charAt(start + 1) == quote
            && text.charAt(start + 2) == quote;
    int i = start + (triple ? 3 : 1);
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && !raw) {
        i += 2;
      } else if (c == quote && (!triple || text.startsWith(String.valueOf(quote).repeat(3), i))) {
        return i + (triple ? 3 : 1);
      } else {
        i++;
      }
    }
    return text.length();
  }

  private static boolean isWordStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isWordPart(char c) {
    return isWordStart(c) || (c >= '0' && c <= '9');
  }
}
