package dev.tcpmap.bench;

import dev.tcpmap.capture.decode.TcpSegment;

/** Packets held as parallel primitive arrays, replayed into one reused {@link TcpSegment}. */
final class SegmentArrays {
  private final long[] time;
  private final long[] srcHigh;
  private final long[] srcLow;
  private final long[] dstHigh;
  private final long[] dstLow;
  private final long[] seq;
  private final long[] ack;
  private final int[] ports;
  private final int[] flags;
  private final int[] length;
  private final boolean[] v6;
  private int size;

  private SegmentArrays(int capacity) {
    time = new long[capacity];
    srcHigh = new long[capacity];
    srcLow = new long[capacity];
    dstHigh = new long[capacity];
    dstLow = new long[capacity];
    seq = new long[capacity];
    ack = new long[capacity];
    ports = new int[capacity];
    flags = new int[capacity];
    length = new int[capacity];
    v6 = new boolean[capacity];
  }

  /** Up to {@code max} packets of the traffic. */
  static SegmentArrays of(SyntheticTraffic traffic, int max) {
    SegmentArrays arrays = new SegmentArrays(max);
    TcpSegment s = new TcpSegment();
    while (arrays.size < max && traffic.next(s)) {
      arrays.add(s);
    }
    return arrays;
  }

  private void add(TcpSegment s) {
    int i = size++;
    time[i] = s.timestampNanos;
    srcHigh[i] = s.srcHigh;
    srcLow[i] = s.srcLow;
    dstHigh[i] = s.dstHigh;
    dstLow[i] = s.dstLow;
    seq[i] = s.seq;
    ack[i] = s.ack;
    ports[i] = s.srcPort << 16 | s.dstPort;
    flags[i] = s.flags;
    length[i] = s.payloadLength;
    v6[i] = s.v6;
  }

  int size() {
    return size;
  }

  /** Nanoseconds from the first packet to the last. */
  long span() {
    return time[size - 1] - time[0];
  }

  /** Writes packet {@code i} into {@code s}, its time moved by {@code shift}. */
  void fill(int i, TcpSegment s, long shift) {
    s.timestampNanos = time[i] + shift;
    s.v6 = v6[i];
    s.srcHigh = srcHigh[i];
    s.srcLow = srcLow[i];
    s.dstHigh = dstHigh[i];
    s.dstLow = dstLow[i];
    s.srcPort = ports[i] >>> 16;
    s.dstPort = ports[i] & 0xFFFF;
    s.seq = seq[i];
    s.ack = ack[i];
    s.flags = flags[i];
    s.payloadLength = length[i];
  }
}
