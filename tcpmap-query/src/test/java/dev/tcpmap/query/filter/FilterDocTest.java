package dev.tcpmap.query.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.query.filter.FilterField.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/api.md's field table of the filter language names every field, and where it is known. */
class FilterDocTest {
  private static final Pattern NAME = Pattern.compile("`([a-z0-9.]+)`");

  @Test
  void apiDoc_listsEveryFieldWithWhereItIsKnown() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "api.md"));
    int start = doc.indexOf("## The filter language");
    String section = doc.substring(start, doc.indexOf("\n## ", start + 1));

    Map<String, Level> documented = new HashMap<>();
    for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
      String[] cells = line.split("\\|");
      Level level = level(cells[cells.length - 1].trim());
      Matcher m = NAME.matcher(cells[1]);
      while (m.find()) {
        documented.put(m.group(1), level);
      }
    }

    Map<String, Level> fields = new HashMap<>();
    Arrays.stream(FilterField.values()).forEach(f -> fields.put(f.fieldName(), f.level()));
    assertThat(documented).isEqualTo(fields);
  }

  private static Level level(String knownOn) {
    return switch (knownOn) {
      case "edges" -> Level.EDGE;
      case "handshakes, connections" -> Level.HANDSHAKE;
      case "connections" -> Level.CONNECTION;
      default -> throw new AssertionError("not a level: " + knownOn);
    };
  }
}
