package dev.tcpmap.core.config;

import dev.tcpmap.core.format.Decimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * How values are read, for the areas' settings: each throws IllegalArgumentException with a reason
 * (the {@link Setting} adds the key and where the value came from). Numbers are ASCII decimal
 * digits only, as Go's {@code strconv} reads them: a digit of another script is not a number.
 */
public final class Parsers {
  private Parsers() {}

  /** A TCP port, 0 to 65535. */
  public static Integer port(String s) {
    int port = integer(s);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + s);
    }
    return port;
  }

  /** A comma list of ports from 1 to 65535, or {@code none} for no port. */
  public static List<Integer> ports(String s) {
    if (s.strip().equals("none")) {
      return List.of();
    }
    List<Integer> ports = new ArrayList<>();
    for (String part : s.split(",")) {
      int port = port(part);
      if (port == 0) {
        throw new IllegalArgumentException("port out of range: " + part.strip());
      }
      ports.add(port);
    }
    return List.copyOf(ports);
  }

  /** A whole number of at least {@code min}. */
  public static Integer atLeast(String s, int min) {
    int value = integer(s);
    if (value < min) {
      throw new IllegalArgumentException("must be at least " + min + ": " + s);
    }
    return value;
  }

  /** A whole number from {@code min} to {@code max}. */
  public static Integer between(String s, int min, int max) {
    int value = integer(s);
    if (value < min || value > max) {
      throw new IllegalArgumentException("must be between " + min + " and " + max + ": " + s);
    }
    return value;
  }

  /**
   * A power of two in bytes, with {@code Ki}/{@code Mi} suffixes, from {@code min} to {@code max}.
   */
  public static Integer powerOfTwoBytes(String s, int min, int max) {
    String t = s.strip();
    int shift = t.endsWith("Mi") ? 20 : t.endsWith("Ki") ? 10 : 0;
    long value = (long) integer(shift == 0 ? t : t.substring(0, t.length() - 2)) << shift;
    if (value < min || value > max || Long.bitCount(value) != 1) {
      throw new IllegalArgumentException(
          "must be a power of two from " + size(min) + " to " + size(max) + ": " + s);
    }
    return (int) value;
  }

  private static String size(long bytes) {
    return bytes >= 1 << 20 ? (bytes >> 20) + "Mi" : (bytes >> 10) + "Ki";
  }

  /** A whole number in ASCII digits, {@code _} allowed between them as in {@code 1_000}. */
  public static int integer(String s) {
    try {
      return Decimal.parseInt(s.strip().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a whole number: '" + s + "'");
    }
  }

  /** As Go's {@code strconv.ParseBool}, which k8spacket reads its switches with. */
  public static Boolean bool(String s) {
    return switch (s.strip()) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> throw new IllegalArgumentException("not a boolean (true or false): '" + s + "'");
    };
  }

  /** Text that is not blank, stripped. */
  public static String nonEmpty(String s) {
    if (s.isBlank()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return s.strip();
  }

  /** Any text, stripped. */
  public static String text(String s) {
    return s.strip();
  }

  /**
   * A regex with at least one group (its first names the address), or empty for none. Checked at
   * start-up: k8spacket's MustCompile killed the process on a bad one at the first lookup.
   */
  public static String regexWithGroup(String s) {
    if (s.isEmpty()) {
      return s;
    }
    try {
      if (java.util.regex.Pattern.compile(s).matcher("").groupCount() < 1) {
        throw new IllegalArgumentException("needs a group, whose text names the address: " + s);
      }
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalArgumentException("not a regex: " + e.getDescription() + ": " + s);
    }
    return s;
  }

  /** A Go duration greater than zero. */
  public static Duration positiveDuration(String s) {
    return check(GoDurations.parse(s), Duration::isPositive, "must be positive: " + s);
  }

  /** A Go duration of zero or more. */
  public static Duration nonNegativeDuration(String s) {
    return check(GoDurations.parse(s), d -> !d.isNegative(), "must not be negative: " + s);
  }

  /** A Go duration of at least {@code min}. */
  public static Duration durationAtLeast(String s, Duration min) {
    return check(
        GoDurations.parse(s),
        d -> d.compareTo(min) >= 0,
        "must be at least " + min.toMillis() + "ms: " + s);
  }

  private static <T> T check(T value, Predicate<T> ok, String message) {
    if (!ok.test(value)) {
      throw new IllegalArgumentException(message);
    }
    return value;
  }
}
