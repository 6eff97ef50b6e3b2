package dev.tcpmap.api.metrics.remote;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Prometheus remote-write 1.0's {@code WriteRequest} in protobuf's wire format, written by hand: it
 * is four small messages, and protobuf-java (1.9 MB, plus generated code) would be the agent's
 * largest dependency for them.
 *
 * <pre>
 *   WriteRequest { repeated TimeSeries timeseries = 1; }
 *   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 *   Label        { string name = 1; string value = 2; }
 *   Sample       { double value = 1; int64 timestamp = 2; }   // timestamp: unix milliseconds
 * </pre>
 *
 * Every field is length-delimited (wire type 2) but the sample's value (fixed64, wire type 1) and
 * timestamp (varint, wire type 0). Labels must come sorted by name, {@code __name__} among them;
 * the caller's {@link Series} are.
 */
public final class WriteRequests {
  private WriteRequests() {}

  /**
   * One series with one sample.
   *
   * @param labels name, value, name, value… sorted by name
   */
  public record Series(List<String> labels, double value, long timestampMillis) {
    public Series {
      labels = List.copyOf(labels);
      if (labels.size() % 2 != 0) {
        throw new IllegalArgumentException("labels come in name, value pairs: " + labels);
      }
    }
  }

  /** The encoded {@code WriteRequest} of {@code series}. */
  public static byte[] encode(List<Series> series) {
    Buffer out = new Buffer(series.size() * 128);
    Buffer message = new Buffer(256);
    Buffer label = new Buffer(64);
    for (Series s : series) {
      message.reset();
      for (int i = 0; i < s.labels().size(); i += 2) {
        label.reset();
        label.string(1, s.labels().get(i));
        label.string(2, s.labels().get(i + 1));
        message.bytes(1, label);
      }
      label.reset();
      label.tag(1, 1);
      label.fixed64(Double.doubleToRawLongBits(s.value()));
      label.tag(2, 0);
      label.varint(s.timestampMillis());
      message.bytes(2, label);
      out.bytes(1, message);
    }
    return out.toByteArray();
  }

  /** A growable byte buffer with protobuf's primitive writers. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer(int size) {
      super(size);
    }

    void tag(int field, int wireType) {
      varint(((long) field << 3) | wireType);
    }

    void varint(long value) {
      long v = value;
      while ((v & ~0x7FL) != 0) {
        write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      write((int) v);
    }

    void fixed64(long bits) {
      for (int i = 0; i < 8; i++) {
        write((int) (bits >>> (8 * i)) & 0xFF);
      }
    }

    void string(int field, String text) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      tag(field, 2);
      varint(utf8.length);
      write(utf8, 0, utf8.length);
    }

    void bytes(int field, Buffer message) {
      tag(field, 2);
      varint(message.size());
      write(message.buf, 0, message.size());
    }
  }
}
