package dev.tcpmap.capture.testnet;

import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A connection as a correct observer of the whole capture must report it: roles, ports, payload
 * bytes each way (client to server = {@code bytesSent}) and outcome. The start was always seen.
 */
public record ExpectedConnection(
    int planId,
    IpAddress client,
    int clientPort,
    IpAddress server,
    int serverPort,
    long bytesSent,
    long bytesReceived,
    Outcome outcome) {

  public ExpectedConnection {
    Checks.nonNull("client server outcome", client, server, outcome);
  }

  /** The 4-tuple as text ({@link Tuples}), to key and to print. */
  public String tuple() {
    return Tuples.of(client, clientPort, server, serverPort);
  }

  /**
   * What an observer got wrong: each expected connection must be reported exactly once (matched by
   * 4-tuple) and as expected. Empty when all is right.
   *
   * @param tuple an observed connection's 4-tuple, as {@link #tuple()} writes it
   * @param mismatch what is wrong with the one report of a connection, or null
   */
  public static <T> List<String> problems(
      List<ExpectedConnection> expected,
      List<T> observed,
      Function<T, String> tuple,
      BiFunction<ExpectedConnection, T, String> mismatch) {
    Map<String, List<T>> byTuple = observed.stream().collect(Collectors.groupingBy(tuple));
    List<String> problems = new ArrayList<>();
    for (ExpectedConnection e : expected) {
      List<T> found = byTuple.getOrDefault(e.tuple(), List.of());
      if (found.size() != 1) {
        problems.add(e.tuple() + ": reported " + found.size() + " times");
        continue;
      }
      String wrong = mismatch.apply(e, found.getFirst());
      if (wrong != null) {
        problems.add("plan " + e.planId() + " " + e.tuple() + ": " + wrong);
      }
    }
    return problems;
  }
}
