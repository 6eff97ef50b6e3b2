package com.google.re2j;

/**
 * The size of the program RE2J would compile for a pattern, computed from RE2J's own syntax tree
 * before anything is expanded.
 *
 * <p>RE2J matches in time linear in the text, but the factor is the size of the compiled program,
 * and counted repetitions multiply: {@code ((a{1000}){1000}){1000}} simplifies to 10^9 copies and
 * exhausts the heap (Go's regexp answers "expression too large"; RE2J 1.8 has no such check). The
 * parser itself is linear in the pattern and expands nothing; the simplifier and the compiler do.
 * So the pattern is parsed here exactly as {@code Pattern.compile} parses it (quoting with {@code
 * \Q…\E}, classes, escapes and flags all read by RE2J, not by a scanner of ours), and the tree is
 * measured: every instruction the compiler emits for a node is counted, a counted repetition as
 * many times as the simplifier copies what it repeats.
 *
 * <p>This class lives in RE2J's package because the parser and its tree are package-private; it is
 * compiled against the RE2J the build pins, so an upgrade that changes them fails the build, not a
 * request. {@code ProgramSizeTest} checks the count against real compiled programs.
 */
public final class ProgramSize {
  /** The flags {@code Pattern.compile(String)} gives the parser. */
  private static final int FLAGS = RE2.PERL;

  private ProgramSize() {}

  /** The pattern nests more deeply than allowed (the simplifier and compiler recurse). */
  public static final class TooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooDeep() {
      super(null, null, false, false);
    }
  }

  /**
   * At least the number of instructions {@code Pattern.compile(pattern)} would compile, saturated
   * at {@code Long.MAX_VALUE}.
   *
   * @throws PatternSyntaxException when RE2J would reject the pattern
   * @throws TooDeep when the syntax tree is deeper than {@code maxDepth}
   */
  public static long of(String pattern, int maxDepth) {
    // The program's own failure and match instructions come on top of the pattern's.
    return plus(2, size(Parser.parse(pattern, FLAGS), 0, maxDepth));
  }

  /** The number of instructions of the program RE2J compiles for {@code pattern}; for tests. */
  static int compiled(String pattern) {
    return Compiler.compileRegexp(Simplify.simplify(Parser.parse(pattern, FLAGS))).numInst();
  }

  private static long size(Regexp re, int depth, int maxDepth) {
    if (depth > maxDepth) {
      throw new TooDeep();
    }
    return switch (re.op) {
      case LITERAL -> Math.max(1, re.runes.length);
      // Two instructions record where the group starts and ends.
      case CAPTURE -> plus(2, size(re.subs[0], depth + 1, maxDepth));
      case STAR, PLUS, QUEST -> plus(1, size(re.subs[0], depth + 1, maxDepth));
      case CONCAT, ALTERNATE -> {
        // An alternation adds a split per alternative after the first.
        long total = re.op == Regexp.Op.ALTERNATE ? re.subs.length - 1 : 0;
        for (Regexp sub : re.subs) {
          total = plus(total, size(sub, depth + 1, maxDepth));
        }
        yield total;
      }
      case REPEAT -> {
        // x{n,m} simplifies to n copies of x and m-n nested optional ones (a split each); x{n,}
        // to n copies, the last one looping (one split); x{0} to an empty match.
        long x = size(re.subs[0], depth + 1, maxDepth);
        if (re.max == -1) {
          yield plus(times(Math.max(re.min, 1), x), 1);
        }
        long repeated = plus(times(re.min, x), times(re.max - re.min, plus(x, 1)));
        yield Math.max(repeated, 1);
      }
      default -> 1;
    };
  }

  private static long plus(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static long times(long a, long b) {
    return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }
}
