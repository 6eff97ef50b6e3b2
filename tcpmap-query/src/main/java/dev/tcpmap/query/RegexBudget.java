package dev.tcpmap.query;

import com.google.re2j.PatternSyntaxException;
import com.google.re2j.ProgramSize;

/**
 * The budget of a regular expression in a request, checked before it is compiled.
 *
 * <p>RE2J matches in time linear in the text, but the factor is the size of the compiled program,
 * and counted repetitions multiply: {@code ((a{1000}){1000}){1000}} would compile to 10^9
 * instructions and exhaust the heap. {@link ProgramSize} counts the instructions from RE2J's own
 * parse of the pattern, before anything is expanded, so what is counted is what the engine would
 * build (a scanner of the text could be fooled by quoting: {@code \Q)\E} is a literal). Patterns
 * above {@link #MAX_INSTRUCTIONS} or nested deeper than {@link #MAX_DEPTH} are refused; a pattern
 * RE2J would reject passes here and is rejected by the compiler, with its own message.
 */
public final class RegexBudget {
  /** About 400 KB of compiled program, and the most steps one character of text can cost. */
  public static final long MAX_INSTRUCTIONS = 10_000;

  /** The simplifier and the compiler recurse once per level. */
  static final int MAX_DEPTH = 100;

  private RegexBudget() {}

  /** Null when the pattern is within budget, or why it is not. */
  public static String check(String pattern) {
    try {
      long size = ProgramSize.of(pattern, MAX_DEPTH);
      return size > MAX_INSTRUCTIONS
          ? "expression too large (more than " + MAX_INSTRUCTIONS + " instructions compiled)"
          : null;
    } catch (ProgramSize.TooDeep e) {
      return "expression nested too deeply (more than " + MAX_DEPTH + " levels)";
    } catch (PatternSyntaxException e) {
      return null;
    }
  }
}
