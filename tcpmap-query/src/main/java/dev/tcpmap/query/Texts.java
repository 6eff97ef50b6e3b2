package dev.tcpmap.query;

/** Quoting user text into error messages without echoing kilobytes of it. */
final class Texts {
  private static final int MAX_ECHO = 80;

  private Texts() {}

  /** The text in single quotes, cut after {@value #MAX_ECHO} characters. */
  static String excerpt(String text) {
    if (text.length() <= MAX_ECHO) {
      return "'" + text + "'";
    }
    return "'" + text.substring(0, MAX_ECHO) + "…' (" + text.length() + " characters)";
  }
}
