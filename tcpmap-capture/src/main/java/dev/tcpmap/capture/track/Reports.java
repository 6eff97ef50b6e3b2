package dev.tcpmap.capture.track;

import static dev.tcpmap.capture.track.FlowState.CLIENT_IS_A;
import static dev.tcpmap.capture.track.FlowState.ORIGIN_SET;
import static dev.tcpmap.capture.track.FlowState.START_SEEN;
import static dev.tcpmap.capture.track.FlowTable.A_HIGH;
import static dev.tcpmap.capture.track.FlowTable.A_LOW;
import static dev.tcpmap.capture.track.FlowTable.B_HIGH;
import static dev.tcpmap.capture.track.FlowTable.B_LOW;
import static dev.tcpmap.capture.track.FlowTable.CLIENT;
import static dev.tcpmap.capture.track.FlowTable.PORTS;
import static dev.tcpmap.capture.track.FlowTable.SERVER;
import static dev.tcpmap.capture.track.FlowTable.START;
import static dev.tcpmap.capture.track.FlowTable.STATE;

import dev.tcpmap.capture.decode.Nanos;
import dev.tcpmap.core.event.ConnectionOpened;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.SocketDetails;
import java.time.Duration;

/** Builds the reported records of a flow table entry (allocates: connection start and end only). */
final class Reports {
  private Reports() {}

  static ConnectionOpened opened(long[] t, int at) {
    boolean clientIsA = (t[at + STATE] & CLIENT_IS_A) != 0;
    return new ConnectionOpened(
        address(t, at, clientIsA),
        port(t, at, clientIsA),
        address(t, at, !clientIsA),
        port(t, at, !clientIsA),
        Nanos.instant(t[at + START]),
        (t[at + STATE] & START_SEEN) != 0);
  }

  static Connection connection(long[] t, int at, Outcome outcome, long endNanos) {
    long state = t[at + STATE];
    boolean clientIsA = (state & CLIENT_IS_A) != 0;
    long start = t[at + START];
    return new Connection(
        address(t, at, clientIsA),
        port(t, at, clientIsA),
        address(t, at, !clientIsA),
        port(t, at, !clientIsA),
        Nanos.instant(start),
        Duration.ofNanos(Nanos.since(start, endNanos)),
        (state & ORIGIN_SET) != 0 ? PayloadCounter.bytes(t, at + CLIENT) : 0,
        (state & ORIGIN_SET << 1) != 0 ? PayloadCounter.bytes(t, at + SERVER) : 0,
        outcome,
        (state & START_SEEN) != 0,
        SocketDetails.NONE);
  }

  private static IpAddress address(long[] t, int at, boolean a) {
    long high = t[at + (a ? A_HIGH : B_HIGH)];
    long low = t[at + (a ? A_LOW : B_LOW)];
    return (t[at + PORTS] & (1L << 32)) != 0 ? IpAddress.v6(high, low) : IpAddress.v4((int) low);
  }

  private static int port(long[] t, int at, boolean a) {
    long ports = t[at + PORTS];
    return (int) (a ? ports >>> 16 : ports) & 0xFFFF;
  }
}
