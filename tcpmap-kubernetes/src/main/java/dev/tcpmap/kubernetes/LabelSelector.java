package dev.tcpmap.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A label selector as kubectl's {@code -l} takes it, applied on the client: {@code app=web}, {@code
 * tier!=cache}, {@code env in (prod,staging)}, {@code env notin (dev)}, {@code canary}, {@code
 * !canary}, joined by commas, all of which must hold. Read once at start-up; a selector that does
 * not parse is refused with what was expected where.
 *
 * @param requirements all must hold; none selects everything
 */
public record LabelSelector(List<Requirement> requirements) {

  /** One requirement on one label. */
  public record Requirement(String key, Operator operator, Set<String> values) {}

  public enum Operator {
    EQUALS,
    NOT_EQUALS,
    IN,
    NOT_IN,
    EXISTS,
    NOT_EXISTS
  }

  public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

  // A qualified name with an optional DNS prefix (example.com/name), as Kubernetes label keys.
  private static final String KEY = "[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?";
  private static final String VALUE = "([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?";
  private static final Pattern SET =
      Pattern.compile("\\s*(" + KEY + ")\\s+(in|notin)\\s*\\(([^)]*)\\)\\s*");
  private static final Pattern COMPARE =
      Pattern.compile("\\s*(" + KEY + ")\\s*(==|!=|=)\\s*(" + VALUE + ")\\s*");
  private static final Pattern EXISTS = Pattern.compile("\\s*(!?)\\s*(" + KEY + ")\\s*");
  private static final Pattern VALUE_ONLY = Pattern.compile(VALUE);

  public LabelSelector {
    requirements = List.copyOf(requirements);
  }

  /**
   * Parses {@code text}; "" selects everything.
   *
   * @throws IllegalArgumentException naming the term that is not a requirement
   */
  public static LabelSelector parse(String text) {
    List<Requirement> out = new ArrayList<>();
    for (String term : terms(text)) {
      out.add(requirement(term));
    }
    return new LabelSelector(out);
  }

  /** Whether the labels (null: none) satisfy every requirement. */
  public boolean matches(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    for (Requirement r : requirements) {
      String value = l.get(r.key());
      boolean holds =
          switch (r.operator()) {
            case EQUALS, IN -> value != null && r.values().contains(value);
            case NOT_EQUALS, NOT_IN -> value == null || !r.values().contains(value);
            case EXISTS -> value != null;
            case NOT_EXISTS -> value == null;
          };
      if (!holds) {
        return false;
      }
    }
    return true;
  }

  /** The selector written back, as kubectl would print it. */
  public String text() {
    List<String> terms = new ArrayList<>();
    for (Requirement r : requirements) {
      String values = String.join(",", new java.util.TreeSet<>(r.values()));
      terms.add(
          switch (r.operator()) {
            case EQUALS -> r.key() + "=" + values;
            case NOT_EQUALS -> r.key() + "!=" + values;
            case IN -> r.key() + " in (" + values + ")";
            case NOT_IN -> r.key() + " notin (" + values + ")";
            case EXISTS -> r.key();
            case NOT_EXISTS -> "!" + r.key();
          });
    }
    return String.join(",", terms);
  }

  /** Whether it selects everything. */
  public boolean isEverything() {
    return requirements.isEmpty();
  }

  /** The terms between the commas that are not inside a value list's parentheses. */
  private static List<String> terms(String text) {
    List<String> terms = new ArrayList<>();
    if (text.isBlank()) {
      return terms;
    }
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ',';
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        terms.add(text.substring(start, i));
        start = i + 1;
      }
    }
    return terms;
  }

  private static Requirement requirement(String term) {
    Matcher set = SET.matcher(term);
    if (set.matches()) {
      Set<String> values = new java.util.LinkedHashSet<>();
      for (String v : set.group(4).split(",", -1)) {
        String value = v.strip();
        if (!VALUE_ONLY.matcher(value).matches()) {
          throw bad(term, "a label value in the list");
        }
        values.add(value);
      }
      Operator op = set.group(3).equals("in") ? Operator.IN : Operator.NOT_IN;
      return new Requirement(set.group(1), op, Set.copyOf(values));
    }
    Matcher compare = COMPARE.matcher(term);
    if (compare.matches()) {
      Operator op = compare.group(3).equals("!=") ? Operator.NOT_EQUALS : Operator.EQUALS;
      return new Requirement(compare.group(1), op, Set.of(compare.group(4)));
    }
    Matcher exists = EXISTS.matcher(term);
    if (exists.matches()) {
      Operator op = exists.group(1).isEmpty() ? Operator.EXISTS : Operator.NOT_EXISTS;
      return new Requirement(exists.group(2), op, Set.of());
    }
    throw bad(term, "key=value, key!=value, key in (a,b), key notin (a,b), key or !key");
  }

  private static IllegalArgumentException bad(String term, String expected) {
    return new IllegalArgumentException(
        "not a label requirement: \"" + term.strip() + "\" (expected " + expected + ")");
  }
}
