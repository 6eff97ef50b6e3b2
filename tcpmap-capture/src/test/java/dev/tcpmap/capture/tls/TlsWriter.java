package dev.tcpmap.capture.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Builds TLS records and handshake messages byte by byte, for inputs no real peer would send. */
final class TlsWriter {
  static final byte[] HELLO_RETRY_RANDOM =
      HexFormat.of().parseHex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

  /** One extension: its type and its data (without the 4-byte type and length). */
  record Extension(int type, byte[] data) {}

  private TlsWriter() {}

  static byte[] record(int type, byte[] fragment) {
    return concat(new byte[] {(byte) type, 3, 3}, u16(fragment.length), fragment);
  }

  static byte[] handshake(int type, byte[] body) {
    return concat(new byte[] {(byte) type}, u24(body.length), body);
  }

  static byte[] clientHello(int legacyVersion, int[] cipherSuites, List<Extension> extensions) {
    byte[] suites = new byte[cipherSuites.length * 2];
    for (int i = 0; i < cipherSuites.length; i++) {
      suites[2 * i] = (byte) (cipherSuites[i] >> 8);
      suites[2 * i + 1] = (byte) cipherSuites[i];
    }
    return concat(
        u16(legacyVersion),
        new byte[32],
        new byte[] {0},
        u16(suites.length),
        suites,
        new byte[] {1, 0},
        extensions(extensions));
  }

  static byte[] serverHello(
      int legacyVersion, int cipherSuite, boolean retry, List<Extension> ext) {
    return concat(
        u16(legacyVersion),
        retry ? HELLO_RETRY_RANDOM : new byte[32],
        new byte[] {0},
        u16(cipherSuite),
        new byte[] {0},
        extensions(ext));
  }

  static byte[] extensions(List<Extension> extensions) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Extension e : extensions) {
      out.writeBytes(u16(e.type()));
      out.writeBytes(u16(e.data().length));
      out.writeBytes(e.data());
    }
    return concat(u16(out.size()), out.toByteArray());
  }

  static Extension serverName(String name) {
    byte[] host = name.getBytes(StandardCharsets.ISO_8859_1);
    byte[] entry = concat(new byte[] {0}, u16(host.length), host);
    return new Extension(0, concat(u16(entry.length), entry));
  }

  static Extension alpn(String... protocols) {
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    for (String p : protocols) {
      byte[] bytes = p.getBytes(StandardCharsets.ISO_8859_1);
      list.write(bytes.length);
      list.writeBytes(bytes);
    }
    return new Extension(0x10, concat(u16(list.size()), list.toByteArray()));
  }

  static Extension signatureAlgorithms(int... algorithms) {
    return new Extension(0x0D, concat(u16(algorithms.length * 2), u16s(algorithms)));
  }

  static Extension supportedVersions(int... versions) {
    return new Extension(0x2B, concat(new byte[] {(byte) (versions.length * 2)}, u16s(versions)));
  }

  static Extension selectedVersion(int version) {
    return new Extension(0x2B, u16(version));
  }

  static Extension empty(int type) {
    return new Extension(type, new byte[0]);
  }

  static byte[] u16s(int... values) {
    byte[] out = new byte[values.length * 2];
    for (int i = 0; i < values.length; i++) {
      out[2 * i] = (byte) (values[i] >> 8);
      out[2 * i + 1] = (byte) values[i];
    }
    return out;
  }

  static byte[] u16(int value) {
    return new byte[] {(byte) (value >> 8), (byte) value};
  }

  static byte[] u24(int value) {
    return new byte[] {(byte) (value >> 16), (byte) (value >> 8), (byte) value};
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /**
   * The same stream with its leading handshake records' content re-cut into records of at most
   * {@code size} bytes (several messages per record, or one message over many); the records from
   * the first non-handshake one on are kept as they were.
   */
  static byte[] reframe(byte[] stream, int size) {
    ByteArrayOutputStream handshake = new ByteArrayOutputStream();
    int at = 0;
    while (at + 5 <= stream.length && stream[at] == 22) {
      int length = (stream[at + 3] & 0xFF) << 8 | stream[at + 4] & 0xFF;
      handshake.write(stream, at + 5, length);
      at += 5 + length;
    }
    byte[] content = handshake.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int from = 0; from < content.length; from += size) {
      out.writeBytes(
          record(22, Arrays.copyOfRange(content, from, Math.min(content.length, from + size))));
    }
    out.write(stream, at, stream.length - at);
    return out.toByteArray();
  }
}
