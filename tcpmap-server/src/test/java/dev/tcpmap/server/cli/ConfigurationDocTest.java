package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists every key of every area with its default, variable and alias. */
class ConfigurationDocTest {
  private static final Pattern KEY_ROW = Pattern.compile("(?m)^\\| `([a-z.-]+)` \\|");

  @Test
  void configurationDoc_listsEveryKeyAsTheCodeDefinesIt() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
    List<String> keys = new ArrayList<>();
    for (ConfigArea<?> area : ConfigTable.AREAS) {
      for (Setting<?> setting : area.settings()) {
        keys.add(setting.key());
        String row =
            "| `"
                + setting.key()
                + "` | `"
                + setting.defaultValue()
                + "` | `"
                + setting.environmentName()
                + "` | "
                + setting.k8spacketAlias().map(a -> "`" + a + "` |").orElse("|");
        assertThat(doc).as("row of " + setting.key()).contains(row);
      }
    }
    List<String> documented = new ArrayList<>();
    Matcher rows = KEY_ROW.matcher(doc);
    while (rows.find()) {
      documented.add(rows.group(1));
    }
    assertThat(documented).as("keys the docs list").containsExactlyInAnyOrderElementsOf(keys);
  }
}
