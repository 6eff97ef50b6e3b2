package dev.tcpmap.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files for wire formats (API JSON, CLI output) under {@code src/test/resources/golden/}.
 * Run the tests with {@code -Dgolden.update=true} to rewrite them on purpose, then review the diff.
 */
public final class GoldenFiles {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final ObjectMapper EXACT =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();
  private static final DefaultIndenter INDENT = new DefaultIndenter("  ", "\n");

  private GoldenFiles() {}

  /** Asserts that {@code actual} equals the golden file {@code name} byte for byte. */
  public static void assertMatches(String name, String actual) throws IOException {
    Path file = GOLDEN.resolve(name);
    if (UPDATE) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(file).as("golden file (create it with -Dgolden.update=true)").exists();
    assertThat(actual).as(name).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Asserts that the JSON {@code body}, pretty-printed (numbers keep their exact text), matches.
   */
  public static void assertJsonMatches(String name, byte[] body) throws IOException {
    assertMatches(name, pretty(EXACT.readTree(body)));
  }

  /** As {@link #assertJsonMatches(String, byte[])}, for a tree a writer built. */
  public static void assertJsonMatches(String name, JsonNode tree) throws IOException {
    assertJsonMatches(name, EXACT.writeValueAsBytes(tree));
  }

  private static String pretty(JsonNode tree) throws IOException {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter().withObjectIndenter(INDENT).withArrayIndenter(INDENT);
    return EXACT.writer(printer).writeValueAsString(tree) + "\n";
  }
}
