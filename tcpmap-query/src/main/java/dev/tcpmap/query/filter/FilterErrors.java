package dev.tcpmap.query.filter;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationException;
import dev.tcpmap.query.QueryException;
import dev.tcpmap.query.RegexBudget;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The messages of a filter that cannot run, each with the position in the text as the user wrote it
 * ({@code line:column}, from 1; {@link KubesharkWords} keeps CEL's positions true).
 */
final class FilterErrors {
  private static final String PARAMETER = "filter";
  private static final int MAX_ISSUES = 3;
  private static final String UNDECLARED = "undeclared reference to '";
  private static final java.util.regex.Pattern EVAL_AT =
      java.util.regex.Pattern.compile("at <input>:(\\d+)");

  private FilterErrors() {}

  /** CEL's issues as one line: the first few, an unknown field with the fields there are. */
  static String describe(List<CelIssue> issues, String text) {
    StringBuilder out = new StringBuilder();
    for (CelIssue issue : issues.subList(0, Math.min(MAX_ISSUES, issues.size()))) {
      if (!out.isEmpty()) {
        out.append("; ");
      }
      int line = issue.getSourceLocation().getLine();
      int column = issue.getSourceLocation().getColumn();
      String at = line > 0 ? "at " + line + ":" + (column + 1) + ": " : "";
      String unknown = unknownName(issue.getMessage(), text, line, column);
      if (unknown != null) {
        out.append(at)
            .append("unknown field '")
            .append(unknown)
            .append("'; the fields are ")
            .append(String.join(", ", FilterField.names()));
      } else {
        out.append(at).append(issue.getMessage().replace(" (in container '')", ""));
      }
    }
    if (issues.size() > MAX_ISSUES) {
      out.append("; and ").append(issues.size() - MAX_ISSUES).append(" more");
    }
    return out.toString();
  }

  /**
   * The dotted name the user wrote where CEL found an undeclared reference ({@code src.foo} for
   * CEL's {@code 'src'}); null when the reference is a function's name or not a reference at all.
   */
  private static String unknownName(String message, String text, int line, int column) {
    if (!message.startsWith(UNDECLARED) || line <= 0) {
      return null;
    }
    int start = offset(text, line, column);
    if (start < 0) {
      return null;
    }
    int end = start;
    while (end < text.length() && isNamePart(text.charAt(end))) {
      end++;
    }
    String name = text.substring(start, end);
    if (end < text.length() && text.charAt(end) == '(') {
      int dot = name.lastIndexOf('.');
      name = dot < 0 ? "" : name.substring(0, dot); // a method of a name, or a function
    }
    return name.isEmpty() ? null : name;
  }

  private static boolean isNamePart(char c) {
    return c == '.' || c == '_' || Character.isLetterOrDigit(c);
  }

  /** The char index of a line (from 1) and a column (code points, from 0), or -1. */
  private static int offset(String text, int line, int column) {
    int lineStart = 0;
    for (int l = 1; l < line; l++) {
      lineStart = text.indexOf('\n', lineStart) + 1;
      if (lineStart == 0) {
        return -1;
      }
    }
    try {
      return text.offsetByCodePoints(lineStart, column);
    } catch (IndexOutOfBoundsException e) {
      return -1;
    }
  }

  /** {@code line:column} of a code point offset. */
  static String position(String text, int codePoints) {
    int index;
    try {
      index = text.offsetByCodePoints(0, codePoints);
    } catch (IndexOutOfBoundsException e) {
      index = text.length();
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return line + ":" + (text.codePointCount(lineStart, index) + 1);
  }

  /** {@code "at line:column: "} of an expression of the tree. */
  static String at(CelAbstractSyntaxTree ast, CelExpr expr, String text) {
    Integer offset = ast.getSource().getPositionsMap().get(expr.id());
    return "at " + position(text, offset == null ? 0 : offset) + ": ";
  }

  /**
   * Refuses a {@code matches} pattern that is not a string literal (its cost could not be known) or
   * that RE2 would refuse or that is over the regex budget.
   */
  static void checkPattern(CelExpr pattern, CelAbstractSyntaxTree ast, String text) {
    String at = at(ast, pattern, text);
    if (pattern.getKind() != CelExpr.ExprKind.Kind.CONSTANT
        || pattern.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
      throw QueryException.forParameter(
          PARAMETER, at + "the pattern of matches must be a string literal");
    }
    String regex = pattern.constant().stringValue();
    String overBudget = RegexBudget.check(regex);
    if (overBudget != null) {
      throw QueryException.forParameter(PARAMETER, at + "pattern of matches: " + overBudget);
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw QueryException.forParameter(
          PARAMETER, at + "pattern of matches: " + e.getDescription() + " (RE2 syntax)");
    }
  }

  /** An evaluation error, its offset as a position. */
  static String evaluation(CelEvaluationException e, String text) {
    String message = e.getMessage();
    Matcher m = EVAL_AT.matcher(message);
    return m.find()
        ? m.replaceFirst("at " + position(text, Integer.parseInt(m.group(1))))
        : message;
  }
}
