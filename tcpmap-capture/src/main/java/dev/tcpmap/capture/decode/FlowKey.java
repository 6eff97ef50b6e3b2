package dev.tcpmap.capture.decode;

/**
 * A TCP (or UDP) 4-tuple with its two endpoints in a fixed order (the smaller address and port
 * first), so that both directions of a connection find the same key. Mutable only so that one
 * scratch key can look up every packet without allocating; keys in a map are {@link #copy() copies}
 * and never change.
 */
public final class FlowKey {
  private long aHigh;
  private long aLow;
  private long bHigh;
  private long bLow;
  private int ports;
  private boolean v6;

  /** Sets this key to the segment's flow; returns whether the segment's source is endpoint A. */
  public boolean set(TcpSegment s) {
    boolean sourceFirst = compare(s) <= 0;
    v6 = s.v6;
    if (sourceFirst) {
      set(s.srcHigh, s.srcLow, s.srcPort, s.dstHigh, s.dstLow, s.dstPort);
    } else {
      set(s.dstHigh, s.dstLow, s.dstPort, s.srcHigh, s.srcLow, s.srcPort);
    }
    return sourceFirst;
  }

  public FlowKey copy() {
    FlowKey copy = new FlowKey();
    copy.v6 = v6;
    copy.set(aHigh, aLow, ports >>> 16, bHigh, bLow, ports & 0xFFFF);
    return copy;
  }

  private void set(long aHigh, long aLow, int aPort, long bHigh, long bLow, int bPort) {
    this.aHigh = aHigh;
    this.aLow = aLow;
    this.bHigh = bHigh;
    this.bLow = bLow;
    this.ports = aPort << 16 | bPort;
  }

  private static int compare(TcpSegment s) {
    int c = Long.compareUnsigned(s.srcHigh, s.dstHigh);
    if (c == 0) {
      c = Long.compareUnsigned(s.srcLow, s.dstLow);
    }
    return c != 0 ? c : Integer.compare(s.srcPort, s.dstPort);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlowKey k
        && k.aLow == aLow
        && k.bLow == bLow
        && k.ports == ports
        && k.aHigh == aHigh
        && k.bHigh == bHigh
        && k.v6 == v6;
  }

  @Override
  public int hashCode() {
    long h = aLow * 0x9E37_79B9_7F4A_7C15L + bLow;
    h = h * 0x9E37_79B9_7F4A_7C15L + (aHigh ^ bHigh);
    h = h * 0x9E37_79B9_7F4A_7C15L + ports;
    return (int) (h ^ (h >>> 29) ^ (h >>> 47));
  }
}
