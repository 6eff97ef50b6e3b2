package dev.tcpmap.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md must list every key with its default, variable and alias. */
class ConfigurationDocTest {
  @Test
  void configurationDoc_listsEveryKeyAsTheCodeDefinesIt() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));

    for (Setting<?> setting : Settings.ALL) {
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
}
