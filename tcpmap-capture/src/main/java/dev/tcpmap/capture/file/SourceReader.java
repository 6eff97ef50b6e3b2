package dev.tcpmap.capture.file;

import java.io.IOException;

/**
 * What the pcap and pcapng readers share: the {@link Source} they read, which answers for the
 * position, size and close of the reader, and the filling of a {@link RawPacket} from a record in
 * the source's window.
 */
abstract sealed class SourceReader implements CaptureReader permits PcapReader, PcapngReader {
  final Source source;

  SourceReader(Source source) {
    this.source = source;
  }

  /**
   * Points {@code into} at the record at file offset {@code at}, taken at {@code nanos} since the
   * epoch, whose packet bytes start at index {@code dataIndex} of the source's segment. The
   * original length is capped at {@code Integer.MAX_VALUE}; the captured length is already checked
   * to be far below.
   */
  final void fill(
      RawPacket into,
      long at,
      long nanos,
      int linkType,
      long captured,
      long original,
      long dataIndex) {
    into.timestampNanos = nanos;
    into.linkType = linkType;
    into.capturedLength = (int) captured;
    into.originalLength = (int) Math.min(original, Integer.MAX_VALUE);
    into.data = source.segment;
    into.dataOffset = dataIndex;
    into.fileOffset = at;
  }

  @Override
  public final long position() {
    return source.position();
  }

  @Override
  public final long size() {
    return source.size();
  }

  @Override
  public final void close() throws IOException {
    source.close();
  }
}
