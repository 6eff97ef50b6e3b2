package dev.tcpmap.capture.file;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.capture.testing.PcapWriter;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFilesTest {
  @TempDir Path dir;

  @Test
  void open_missingFile_namesIt() {
    Path missing = dir.resolve("missing.pcap");

    assertThatThrownBy(() -> CaptureReader.open(missing))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(missing + ": no such capture file");
  }

  @Test
  void open_directory_saysSo() {
    assertThatThrownBy(() -> CaptureReader.open(dir))
        .isInstanceOf(FileSystemException.class)
        .hasMessage(dir + ": is a directory, not a capture file");
  }

  @Test
  void open_emptyFile_isUnknownFormatAtZero() {
    Path empty = PcapWriter.write(dir.resolve("empty.pcap"), new byte[0]);

    assertThatThrownBy(() -> CaptureReader.open(empty))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessage("empty file, not a pcap or pcapng capture at byte 0");
  }

  @Test
  void open_threeBytes_isTooShort() {
    Path path =
        PcapWriter.write(dir.resolve("x"), new byte[] {(byte) 0xD4, (byte) 0xC3, (byte) 0xB2});

    assertThatThrownBy(() -> CaptureReader.open(path))
        .hasMessage("file of 3 bytes is too short for a capture header at byte 0");
  }

  @Test
  void open_textFile_isUnknownFormatWithMagic() {
    Path path =
        PcapWriter.write(
            dir.resolve("notes.pcap"),
            "hello world".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> CaptureReader.open(path))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessage(
            "unknown file format of notes.pcap (magic 0x68656c6c; expected pcap or pcapng) at byte 0");
  }
}
