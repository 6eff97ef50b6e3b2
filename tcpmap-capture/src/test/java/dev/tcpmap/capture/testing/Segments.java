package dev.tcpmap.capture.testing;

import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.core.model.IpAddress;

/** Decoded segments made by hand, for tests that feed what comes after the decoder. */
public final class Segments {
  private Segments() {}

  /**
   * A segment from {@code source} to {@code destination}, with the addresses in the decoder's
   * layout; the caller sets time, sequence numbers, flags and payload.
   */
  public static TcpSegment between(
      IpAddress source, int sourcePort, IpAddress destination, int destinationPort) {
    TcpSegment s = new TcpSegment();
    s.v6 = source.v6();
    s.srcHigh = source.high();
    s.srcLow = source.low();
    s.dstHigh = destination.high();
    s.dstLow = destination.low();
    s.srcPort = sourcePort;
    s.dstPort = destinationPort;
    return s;
  }
}
