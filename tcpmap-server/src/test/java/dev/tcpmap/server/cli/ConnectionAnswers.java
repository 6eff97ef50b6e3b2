package dev.tcpmap.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reading {@code /api/v1/connections} answers in tests about processes and containers. */
final class ConnectionAnswers {
  private ConnectionAnswers() {}

  /** The records of connections to {@code port} that closed with FINs. */
  static List<JsonNode> closed(JsonNode answer, int port) {
    List<JsonNode> closed = new ArrayList<>();
    for (JsonNode c : answer.get("connections")) {
      if (c.get("serverPort").asInt() == port && c.get("outcome").asText().equals("closed")) {
        closed.add(c);
      }
    }
    return closed;
  }

  /** "client container -> server container" and how many connections had them. */
  static Map<String, Integer> byContainers(List<JsonNode> connections) {
    Map<String, Integer> counts = new TreeMap<>();
    for (JsonNode c : connections) {
      String key =
          c.path("clientProcess").path("container").asText("?")
              + " -> "
              + c.path("serverProcess").path("container").asText("?");
      counts.merge(key, 1, Integer::sum);
    }
    return counts;
  }
}
