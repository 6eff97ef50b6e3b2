package dev.tcpmap.capture.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any bytes as a capture file: reading either ends cleanly or throws {@link
 * CaptureFormatException}, never anything else. Runs over the seeds in {@code
 * CaptureReaderFuzzTestInputs/read} in a plain build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class CaptureReaderFuzzTest {
  private static Path file;

  @BeforeAll
  static void createFile(@TempDir Path dir) {
    file = dir.resolve("fuzz.cap");
  }

  @FuzzTest(maxDuration = "5m")
  void read(byte[] bytes) throws IOException {
    Files.write(file, bytes);
    readAll(file);
  }

  private static void readAll(Path file) throws IOException {
    try (CaptureReader reader = CaptureReader.open(file)) {
      RawPacket packet = new RawPacket();
      long previous = -1;
      while (reader.next(packet)) {
        assertThat(packet.capturedLength).isBetween(0, 262_144);
        assertThat(packet.dataOffset + packet.capturedLength)
            .isLessThanOrEqualTo(packet.data.byteSize());
        assertThat(packet.fileOffset).isGreaterThan(previous);
        previous = packet.fileOffset;
      }
      assertThat(reader.position()).isLessThanOrEqualTo(reader.size());
    } catch (CaptureFormatException expected) {
      assertThat(expected.getMessage())
          .doesNotContain("\n")
          .endsWith(" at byte " + expected.offset());
    }
  }
}
