package dev.tcpmap.capture.handshake;

import dev.tcpmap.capture.decode.TcpSequence;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * One direction of a TCP connection put back in sequence order: bytes already delivered
 * (retransmissions, overlaps) are dropped, bytes after a hole wait in a small buffer until the hole
 * is filled. A hole that more than {@value #MAX_PENDING_SEGMENTS} segments or {@value
 * #MAX_PENDING_BYTES} bytes wait behind gives up ({@code gap-buffer-full}). Sequence numbers are
 * compared as {@link TcpSequence#distance distances} modulo 2^32 (RFC 9293 §3.4), so they may wrap.
 * A segment starting more than {@link TcpSequence#MAX_WINDOW} (2^30, the largest window RFC 7323
 * allows) ahead of the next byte, the 2^31 distance included, cannot be part of this direction's
 * stream (a stale segment of an earlier connection on the 4-tuple, or a corrupt one): it is ignored
 * rather than held.
 */
final class Reassembly {
  static final int MAX_PENDING_SEGMENTS = 16;
  static final int MAX_PENDING_BYTES = 32 * 1024;
  private static final long MASK32 = 0xFFFF_FFFFL;

  /** Takes the bytes of the direction in order. */
  interface Receiver {
    void bytes(MemorySegment data, long offset, int length);
  }

  private record Pending(long seq, byte[] bytes) {}

  private boolean started;
  private long next;
  private List<Pending> pending;
  private int pendingBytes;

  /** Bytes waiting behind a hole. */
  int pendingBytes() {
    return pendingBytes;
  }

  /** Sets the sequence number of the direction's first payload byte (its SYN's plus one). */
  void start(long firstSeq) {
    started = true;
    next = firstSeq & MASK32;
  }

  boolean started() {
    return started;
  }

  /** True while bytes wait behind a hole. */
  boolean hasHole() {
    return pending != null && !pending.isEmpty();
  }

  /**
   * Takes a segment's payload starting at sequence number {@code seq}; hands what is now in order
   * to {@code receiver}. A direction not {@link #start started} starts here.
   *
   * @return false when it gives up: too much waits behind a hole
   */
  boolean segment(long seq, MemorySegment data, long offset, int length, Receiver receiver) {
    if (!started) {
      start(seq);
    }
    long distance = TcpSequence.distance(next, seq);
    if (distance > TcpSequence.MAX_WINDOW) {
      return true;
    }
    if (distance > 0) {
      return hold(seq, data, offset, length);
    }
    long skip = -distance; // bytes already delivered: a retransmission or an overlap
    if (skip < length) {
      deliver(data, offset + skip, (int) (length - skip), receiver);
      drain(receiver);
    }
    return true;
  }

  private boolean hold(long seq, MemorySegment data, long offset, int length) {
    if (pending == null) {
      pending = new ArrayList<>();
    }
    if (pending.size() == MAX_PENDING_SEGMENTS || pendingBytes + length > MAX_PENDING_BYTES) {
      return false;
    }
    byte[] copy = new byte[length];
    MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, copy, 0, length);
    pending.add(new Pending(seq & MASK32, copy));
    pendingBytes += length;
    return true;
  }

  /** Delivers waiting segments that the hole no longer separates, until none does. */
  private void drain(Receiver receiver) {
    boolean moved = pending != null;
    while (moved) {
      moved = false;
      for (int i = 0; i < pending.size(); i++) {
        Pending p = pending.get(i);
        long skip = -TcpSequence.distance(next, p.seq);
        if (skip >= 0) {
          pending.remove(i);
          pendingBytes -= p.bytes.length;
          if (skip < p.bytes.length) {
            MemorySegment bytes = MemorySegment.ofArray(p.bytes);
            deliver(bytes, skip, (int) (p.bytes.length - skip), receiver);
          }
          moved = true;
          break;
        }
      }
    }
  }

  private void deliver(MemorySegment data, long offset, int length, Receiver receiver) {
    next = (next + length) & MASK32;
    receiver.bytes(data, offset, length);
  }
}
