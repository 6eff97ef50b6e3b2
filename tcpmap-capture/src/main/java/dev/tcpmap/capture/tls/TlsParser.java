package dev.tcpmap.capture.tls;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;

/**
 * Makes the {@link TlsSession} of each TCP connection that may carry TLS, and counts what they
 * parse. One per capturing thread: it and its sessions are not thread safe.
 *
 * <pre>{@code
 * TlsParser tls = new TlsParser(TlsParser.DEFAULT_MAX_BUFFERED);
 * TlsSession session = tls.open();                 // at the connection's SYN
 * session.client(payload, offset, length);         // each client→server payload, in order
 * session.server(payload, offset, length);         // each server→client payload, in order
 * if (session.isDone()) emit(session.handshake()); // or at close, with what there is
 * tls.counters();
 * }</pre>
 */
public final class TlsParser {
  /** 64 KiB per direction: a ClientHello is ~0.5–2 KiB, a certificate chain rarely above 10 KiB. */
  public static final int DEFAULT_MAX_BUFFERED = 64 * 1024;

  /** Record header (5), handshake type and length (4), legacy_version's first byte. */
  private static final int CLIENT_HELLO_PREFIX = 10;

  static final int MIN_MAX_BUFFERED = 1024;
  static final int MAX_MAX_BUFFERED = 16 * 1024 * 1024;

  private final int maxBuffered;
  private final TlsCounters counters = new TlsCounters();
  private final CertificateFactory certificateFactory;

  /**
   * @param maxBuffered the most bytes a session holds per direction; a handshake message larger
   *     than this gives up on the connection (counted as {@code handshake-message-too-long})
   */
  public TlsParser(int maxBuffered) {
    if (maxBuffered < MIN_MAX_BUFFERED || maxBuffered > MAX_MAX_BUFFERED) {
      throw new IllegalArgumentException(
          "maxBuffered out of range ["
              + MIN_MAX_BUFFERED
              + ", "
              + MAX_MAX_BUFFERED
              + "]: "
              + maxBuffered);
    }
    this.maxBuffered = maxBuffered;
    try {
      this.certificateFactory = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      throw new IllegalStateException("every JDK has an X.509 CertificateFactory", e);
    }
  }

  /** A session for a new connection, fed from the first payload byte of each direction. */
  public TlsSession open() {
    return new TlsSession(maxBuffered, counters, certificateFactory);
  }

  public TlsCounters counters() {
    return counters;
  }

  /**
   * Whether {@code data[offset, offset + length)}, a segment's payload, starts a ClientHello: a
   * handshake record in TLS 1.0 to 1.3's framing ({@code 16 03 00..04}, RFC 8446 §5.1) whose first
   * message is a ClientHello (type 1) with a legacy_version of 3.x (§4.1.2), as Wireshark and JA4's
   * tools recognise one without the connection's start. Reads at most ten bytes; for most payloads
   * only the first.
   */
  public static boolean startsClientHello(MemorySegment data, long offset, int length) {
    return length >= CLIENT_HELLO_PREFIX
        && data.get(ValueLayout.JAVA_BYTE, offset) == RecordStream.HANDSHAKE
        && data.get(ValueLayout.JAVA_BYTE, offset + 1) == 3
        && Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, offset + 2)) <= 4
        && data.get(ValueLayout.JAVA_BYTE, offset + 5) == TlsSession.CLIENT_HELLO
        && data.get(ValueLayout.JAVA_BYTE, offset + 9) == 3;
  }
}
