package dev.tcpmap.capture.tls;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One direction of a TLS connection, cut into records (RFC 8446 §5.1) and handshake messages (§4):
 * fed the TCP payload in sequence order, in pieces of any size, it hands each complete handshake
 * message and each other record's type to a {@link Handler}, whatever the record and segment
 * boundaries.
 *
 * <pre>
 *  record:    type(1) version(2) length(2) | fragment (≤ 2^14 + 2048 bytes)
 *  handshake: type(1) length(3) | body      (may span records; records may hold several)
 * </pre>
 *
 * Memory is bounded: the 5-byte record header and the pending handshake bytes, at most {@code
 * maxBuffered}; a message announcing more gives up. Once it has stopped (done, or given up with a
 * reason) it ignores its input. Not thread safe.
 */
final class RecordStream {
  static final int CHANGE_CIPHER_SPEC = 20;
  static final int ALERT = 21;
  static final int HANDSHAKE = 22;
  static final int HEARTBEAT = 24;

  /** RFC 5246 §6.2.3: a record fragment is at most 2^14 + 2048 bytes. */
  static final int MAX_RECORD = (1 << 14) + 2048;

  private static final int HEADER = 5;
  private static final int INITIAL_BUFFER = 2048;

  /** What the connection makes of the stream's content. */
  interface Handler {
    /** A complete handshake message; returns false when this direction needs nothing more. */
    boolean message(int type, byte[] body, int offset, int length) throws TlsFormatException;

    /** A record other than handshake starts; returns false when nothing more is needed. */
    boolean record(int contentType) throws TlsFormatException;
  }

  enum State {
    RUNNING,
    DONE,
    GAVE_UP
  }

  private final int maxBuffered;
  private final Handler handler;
  private final byte[] header = new byte[HEADER];
  private int headerFill;
  private int recordType;
  private int recordRemaining;
  private boolean firstRecord = true;
  private byte[] pending = new byte[0];
  private int pendingStart;
  private int pendingEnd;
  private State state = State.RUNNING;
  private String reason;

  RecordStream(int maxBuffered, Handler handler) {
    this.maxBuffered = maxBuffered;
    this.handler = handler;
  }

  State state() {
    return state;
  }

  /** Why it gave up (a counter key), or null. */
  String reason() {
    return reason;
  }

  /** Bytes held now: the partial record header and the pending handshake bytes. */
  int buffered() {
    return headerFill + pendingEnd - pendingStart;
  }

  /** Feeds the next {@code length} bytes of this direction, {@code data[offset, offset+length)}. */
  void feed(MemorySegment data, long offset, int length) {
    if (state != State.RUNNING) {
      return;
    }
    try {
      consume(data, offset, length);
    } catch (TlsFormatException e) {
      state = State.GAVE_UP;
      reason = e.reason();
    }
    if (state != State.RUNNING) {
      release();
    }
  }

  private void consume(MemorySegment data, long offset, int length) throws TlsFormatException {
    long at = offset;
    long end = offset + length;
    while (at < end && state == State.RUNNING) {
      if (recordRemaining == 0 && headerFill < HEADER) {
        int n = (int) Math.min(HEADER - headerFill, end - at);
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, at, header, headerFill, n);
        headerFill += n;
        at += n;
        if (headerFill == HEADER) {
          startRecord();
        }
        continue;
      }
      int n = (int) Math.min(recordRemaining, end - at);
      if (recordType == HANDSHAKE) {
        append(data, at, n);
      }
      at += n;
      recordRemaining -= n;
    }
  }

  private void startRecord() throws TlsFormatException {
    headerFill = 0;
    int type = header[0] & 0xFF;
    int version = (header[1] & 0xFF) << 8 | header[2] & 0xFF;
    int length = (header[3] & 0xFF) << 8 | header[4] & 0xFF;
    boolean first = firstRecord;
    firstRecord = false;
    if (first && (type & 0x80) != 0 && header[2] == 1) {
      // SSL 2.0 record: 2-byte length with the high bit set, then msg_type 1 (CLIENT-HELLO).
      throw new TlsFormatException("sslv2-hello", 0);
    }
    if (type < CHANGE_CIPHER_SPEC
        || type > HEARTBEAT
        || (version >> 8) != 3
        || (version & 0xFF) > 4) {
      throw new TlsFormatException(first ? "not-tls" : "record-bad-header", 0);
    }
    if (length > MAX_RECORD) {
      throw new TlsFormatException("record-too-long", 0);
    }
    recordType = type;
    recordRemaining = length;
    if (type != HANDSHAKE) {
      if (pendingEnd > pendingStart) { // RFC 8446 §5.1: no other record inside a message
        throw new TlsFormatException("handshake-interleaved", 0);
      }
      if (!handler.record(type)) {
        state = State.DONE;
      }
    }
  }

  /**
   * Adds handshake bytes, delivering each message as it completes, never holding more than the cap.
   */
  private void append(MemorySegment data, long at, int length) throws TlsFormatException {
    long from = at;
    int left = length;
    while (left > 0 && state == State.RUNNING) {
      int room = maxBuffered - (pendingEnd - pendingStart);
      int n = Math.min(left, room);
      ensureRoom(n);
      MemorySegment.copy(data, ValueLayout.JAVA_BYTE, from, pending, pendingEnd, n);
      pendingEnd += n;
      from += n;
      left -= n;
      deliver();
    }
  }

  private void ensureRoom(int n) {
    if (pendingEnd + n <= pending.length) {
      return;
    }
    int held = pendingEnd - pendingStart;
    byte[] target = pending;
    if (held + n > pending.length) {
      int size = Math.max(INITIAL_BUFFER, pending.length);
      while (size < held + n) {
        size *= 2;
      }
      target = new byte[Math.min(size, maxBuffered)];
    }
    System.arraycopy(pending, pendingStart, target, 0, held);
    pending = target;
    pendingStart = 0;
    pendingEnd = held;
  }

  private void deliver() throws TlsFormatException {
    while (state == State.RUNNING && pendingEnd - pendingStart >= 4) {
      int type = pending[pendingStart] & 0xFF;
      int length =
          (pending[pendingStart + 1] & 0xFF) << 16
              | (pending[pendingStart + 2] & 0xFF) << 8
              | pending[pendingStart + 3] & 0xFF;
      if (length > maxBuffered - 4) {
        throw new TlsFormatException("handshake-message-too-long", 0);
      }
      if (pendingEnd - pendingStart < 4 + length) {
        return;
      }
      int body = pendingStart + 4;
      pendingStart = body + length;
      if (!handler.message(type, pending, body, length)) {
        state = State.DONE;
      }
    }
    if (pendingStart == pendingEnd) {
      pendingStart = 0;
      pendingEnd = 0;
    }
  }

  private void release() {
    pending = new byte[0];
    pendingStart = 0;
    pendingEnd = 0;
    headerFill = 0;
  }
}
