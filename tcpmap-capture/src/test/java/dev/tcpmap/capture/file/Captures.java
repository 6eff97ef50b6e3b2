package dev.tcpmap.capture.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads whole capture files into copies, for assertions. */
final class Captures {
  private Captures() {}

  /** One packet as read, with its bytes copied out of the reader's window. */
  record Packet(
      long timestampNanos, int linkType, int originalLength, long fileOffset, byte[] data) {}

  static List<Packet> readAll(Path file) throws IOException {
    try (CaptureReader reader = CaptureReader.open(file)) {
      return readAll(reader);
    }
  }

  static List<Packet> readAll(CaptureReader reader) throws IOException {
    List<Packet> packets = new ArrayList<>();
    RawPacket raw = new RawPacket();
    while (reader.next(raw)) {
      packets.add(copy(raw));
    }
    return packets;
  }

  static Packet copy(RawPacket raw) {
    byte[] data =
        raw.data
            .asSlice(raw.dataOffset, raw.capturedLength)
            .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    return new Packet(raw.timestampNanos, raw.linkType, raw.originalLength, raw.fileOffset, data);
  }
}
