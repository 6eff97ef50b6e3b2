package dev.tcpmap.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

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
}
