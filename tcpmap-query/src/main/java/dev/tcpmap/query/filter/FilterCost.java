package dev.tcpmap.query.filter;

import com.google.re2j.ProgramSize;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.CelComprehension;

/**
 * The most work one evaluation of an expression can do, in steps, estimated from its checked tree
 * before it runs (cel-java has no cost estimator of its own, unlike cel-go).
 *
 * <p>A step is one node visited. A comprehension ({@code all}, {@code exists}, {@code map}, …) over
 * a list of n elements costs its range, then n times its condition and step: nested ones multiply.
 * No field is a list, so a range is a literal or the result of another comprehension, whose size is
 * known; any other range counts as {@value #UNKNOWN_SIZE} elements, the runtime's iteration limit.
 * {@code matches} costs its pattern's RE2 program size besides: RE2 runs in time linear in the text
 * with that factor.
 */
final class FilterCost {
  /**
   * The iterations the runtime allows one comprehension (its {@code comprehensionMaxIterations}).
   */
  static final int UNKNOWN_SIZE = 10_000;

  private FilterCost() {}

  /** The steps of {@code expr}; saturates at {@link Long#MAX_VALUE}. */
  static long of(CelExpr expr) {
    return cost(expr);
  }

  private static long programSize(String pattern) {
    try {
      return ProgramSize.of(pattern, Integer.MAX_VALUE);
    } catch (RuntimeException e) {
      return 0; // refused with its own message before it is costed (ConnectionFilter)
    }
  }

  private static long cost(CelExpr e) {
    return switch (e.getKind()) {
      case CALL -> {
        long c = 1;
        if (e.call().target().isPresent()) {
          c = add(c, cost(e.call().target().get()));
        }
        for (CelExpr arg : e.call().args()) {
          c = add(c, cost(arg));
        }
        yield e.call().function().equals("matches") ? add(c, patternCost(e)) : c;
      }
      case LIST -> {
        long c = 1;
        for (CelExpr element : e.list().elements()) {
          c = add(c, cost(element));
        }
        yield c;
      }
      case MAP -> {
        long c = 1;
        for (var entry : e.map().entries()) {
          c = add(c, add(cost(entry.key()), cost(entry.value())));
        }
        yield c;
      }
      case SELECT -> add(1, cost(e.select().operand()));
      case COMPREHENSION -> comprehension(e.comprehension());
      case CONSTANT, IDENT, STRUCT, NOT_SET -> 1;
    };
  }

  private static long comprehension(CelComprehension c) {
    long once = add(add(cost(c.iterRange()), cost(c.accuInit())), cost(c.result()));
    long each = add(cost(c.loopCondition()), cost(c.loopStep()));
    return add(add(1, once), multiply(size(c.iterRange()), each));
  }

  /** How many elements a range has at most. */
  private static long size(CelExpr range) {
    return switch (range.getKind()) {
      case LIST -> range.list().elements().size();
      case MAP -> range.map().entries().size();
      case COMPREHENSION -> size(range.comprehension().iterRange());
      default -> UNKNOWN_SIZE;
    };
  }

  private static long patternCost(CelExpr call) {
    CelExpr pattern = call.call().args().get(call.call().args().size() - 1);
    return pattern.getKind() == CelExpr.ExprKind.Kind.CONSTANT
        ? programSize(pattern.constant().stringValue())
        : UNKNOWN_SIZE;
  }

  private static long add(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static long multiply(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
