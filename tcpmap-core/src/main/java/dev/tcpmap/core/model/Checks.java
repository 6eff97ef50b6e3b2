package dev.tcpmap.core.model;

/**
 * The null checks of a record's reference components in one statement, where one {@code
 * Objects.requireNonNull} a component would fill the constructor: {@code Checks.nonNull("client
 * server", client, server)} throws {@code NullPointerException("server")} for a null server, as
 * {@code Objects.requireNonNull(server, "server")} would.
 */
public final class Checks {
  private Checks() {}

  /**
   * Throws for the first null of {@code values}, naming it.
   *
   * @param names the values' names, in their order, separated by single spaces
   * @throws NullPointerException with the name of the first null value
   * @throws AssertionError with assertions on, when there are not as many names as values (a bug)
   */
  public static void nonNull(String names, Object... values) {
    // Runs in every record's constructor, some of them per record of a query: the names are
    // counted only where assertions are on (the tests), and split only on the way to throwing.
    assert count(names) == values.length
        : count(names) + " names for " + values.length + " values: " + names;
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw new NullPointerException(names.split(" ")[i]);
      }
    }
  }

  private static int count(String names) {
    int count = 1;
    for (int i = 0; i < names.length(); i++) {
      if (names.charAt(i) == ' ') {
        count++;
      }
    }
    return count;
  }
}
