package dev.tcpmap.query;

/**
 * A conservative size estimate of a regular expression before it is compiled.
 *
 * <p>RE2J matches in time linear in the text, but the factor is the size of the compiled program,
 * and counted repetitions multiply: {@code ((a{1000}){1000}){1000}} compiles to 10^9 instructions
 * and exhausts the heap (Go's regexp answers "expression too large"; RE2J 1.8 has no such check).
 * This scanner over-estimates the instruction count (every atom counts once, a counted repetition
 * multiplies what it repeats by its largest count) and the nesting depth, so that the query layer
 * can refuse a pattern before compiling it. It never rejects a pattern of fewer than {@link
 * #MAX_SIZE} characters without counted repetitions or deep nesting; it does not validate syntax
 * (the compiler does).
 */
final class RegexBudget {
  static final long MAX_SIZE = 5_000;
  static final int MAX_DEPTH = 100;

  private final String pattern;
  private int at;

  private RegexBudget(String pattern) {
    this.pattern = pattern;
  }

  /** Null when the pattern is within budget, or why it is not. */
  static String check(String pattern) {
    RegexBudget budget = new RegexBudget(pattern);
    try {
      long size = budget.sequence(0);
      return size > MAX_SIZE ? "expression too large (more than " + MAX_SIZE + " steps)" : null;
    } catch (TooDeep e) {
      return "expression nested too deeply (more than " + MAX_DEPTH + " groups)";
    }
  }

  /** Sums the atoms up to the closing parenthesis of this level (or the end). */
  private long sequence(int depth) {
    if (depth > MAX_DEPTH) {
      throw new TooDeep();
    }
    long total = 0;
    long last = 0;
    while (at < pattern.length()) {
      char c = pattern.charAt(at);
      if (c == ')') {
        at++;
        break;
      }
      long repeat = c == '{' ? repeatCount() : -1;
      if (repeat >= 0) {
        long repeated = saturatingMultiply(last, repeat);
        total = saturatingAdd(total - last, repeated);
        last = repeated;
        continue;
      }
      last = atom(c, depth);
      total = saturatingAdd(total, last);
    }
    return total;
  }

  /** Consumes one atom starting at {@code c} and returns its size. */
  private long atom(char c, int depth) {
    at++;
    switch (c) {
      case '(' -> {
        return 1 + sequence(depth + 1);
      }
      case '[' -> skipClass();
      case '\\' -> skipEscape();
      default -> {
        // literals, '.', '|', '^', '$', and the quantifiers *, +, ? each cost about one step
      }
    }
    return 1;
  }

  /** Consumes a counted repetition {n}, {n,} or {n,m} and returns its largest count, else -1. */
  private long repeatCount() {
    int end = pattern.indexOf('}', at);
    if (end < 0) {
      return -1;
    }
    String body = pattern.substring(at + 1, end);
    if (!body.matches("[0-9]{1,9}(,[0-9]{0,9})?")) {
      return -1;
    }
    at = end + 1;
    int comma = body.indexOf(',');
    if (comma < 0) {
      return Long.parseLong(body);
    }
    long min = Long.parseLong(body.substring(0, comma));
    String max = body.substring(comma + 1);
    // {n,} compiles to n copies and a loop
    return max.isEmpty() ? min + 1 : Math.max(min, Long.parseLong(max));
  }

  private void skipClass() {
    // A ']' right after '[' or '[^' is a literal; '[:alpha:]' and escapes do not end the class.
    if (at < pattern.length() && pattern.charAt(at) == '^') {
      at++;
    }
    if (at < pattern.length() && pattern.charAt(at) == ']') {
      at++;
    }
    while (at < pattern.length() && pattern.charAt(at) != ']') {
      if (pattern.charAt(at) == '\\') {
        at++;
      } else if (pattern.startsWith("[:", at)) {
        int close = pattern.indexOf(":]", at + 2);
        at = close < 0 ? at : close + 1;
      }
      at++;
    }
    at++;
  }

  private void skipEscape() {
    if (at >= pattern.length()) {
      return;
    }
    char c = pattern.charAt(at++);
    if ((c == 'p' || c == 'P' || c == 'x') && at < pattern.length() && pattern.charAt(at) == '{') {
      int close = pattern.indexOf('}', at);
      at = close < 0 ? pattern.length() : close + 1;
    }
  }

  private static long saturatingAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static long saturatingMultiply(long a, long b) {
    return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  private static final class TooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooDeep() {
      super(null, null, false, false);
    }
  }
}
