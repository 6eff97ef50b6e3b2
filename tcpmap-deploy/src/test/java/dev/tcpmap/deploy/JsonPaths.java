package dev.tcpmap.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath the dashboards' JSON API queries use: {@code $}, {@code .name} and {@code [*]}, as
 * the JSON API datasource reads them. Anything else is refused, so a dashboard cannot use a form
 * this check does not understand.
 */
final class JsonPaths {
  private static final Pattern STEP = Pattern.compile("\\.(\\w+)|\\[\\*]");

  private JsonPaths() {}

  static List<JsonNode> read(JsonNode root, String path) {
    if (!path.startsWith("$")) {
      throw new IllegalArgumentException("not a JSONPath: " + path);
    }
    List<JsonNode> nodes = List.of(root);
    Matcher m = STEP.matcher(path);
    int at = 1;
    while (at < path.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("unsupported JSONPath: " + path);
      }
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : nodes) {
        if (m.group(1) != null) {
          JsonNode child = node.get(m.group(1));
          if (child != null) {
            next.add(child);
          }
        } else if (node.isArray()) {
          node.forEach(next::add);
        }
      }
      nodes = next;
      at = m.end();
    }
    return nodes;
  }
}
