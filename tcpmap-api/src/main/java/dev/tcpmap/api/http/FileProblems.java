package dev.tcpmap.api.http;

import java.io.IOException;

/** What went wrong reading a file the user named, in a few words and no class names. */
final class FileProblems {
  private FileProblems() {}

  static String describe(IOException e) {
    String what = e.getClass().getSimpleName();
    return switch (what) {
      case "NoSuchFileException" -> "no such file";
      case "AccessDeniedException" -> "permission denied";
      case "MalformedInputException" -> "not ASCII text";
      default -> e.getMessage() == null ? what : e.getMessage();
    };
  }
}
