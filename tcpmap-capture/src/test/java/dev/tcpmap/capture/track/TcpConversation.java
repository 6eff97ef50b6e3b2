package dev.tcpmap.capture.track;

import static dev.tcpmap.capture.decode.TcpSegment.ACK;
import static dev.tcpmap.capture.decode.TcpSegment.FIN;
import static dev.tcpmap.capture.decode.TcpSegment.PSH;
import static dev.tcpmap.capture.decode.TcpSegment.RST;
import static dev.tcpmap.capture.decode.TcpSegment.SYN;

import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.capture.testing.Segments;
import dev.tcpmap.core.model.IpAddress;
import java.util.List;

/**
 * Builds the segments of one client/server conversation for tests and benchmarks: each call returns
 * a new {@link TcpSegment} stamped with the current time, then moves the time on by {@link #step}.
 * Offsets are payload offsets from the first byte (ISN + 1), wrapped to 32 bits.
 */
public final class TcpConversation {
  private static final long MASK32 = 0xFFFF_FFFFL;

  private final IpAddress client;
  private final int clientPort;
  private final IpAddress server;
  private final int serverPort;
  private long clientIsn = 1_000;
  private long serverIsn = 5_000_000;
  private long time = 1_700_000_000_000_000_000L;
  private long step = 1_000_000;

  public TcpConversation(IpAddress client, int clientPort, IpAddress server, int serverPort) {
    this.client = client;
    this.clientPort = clientPort;
    this.server = server;
    this.serverPort = serverPort;
  }

  public static TcpConversation of(String client, int clientPort, String server, int serverPort) {
    return new TcpConversation(
        IpAddress.parse(client), clientPort, IpAddress.parse(server), serverPort);
  }

  public TcpConversation isns(long client, long server) {
    this.clientIsn = client & MASK32;
    this.serverIsn = server & MASK32;
    return this;
  }

  /** The time of the next segment, in nanoseconds since the epoch. */
  public TcpConversation at(long nanos) {
    this.time = nanos;
    return this;
  }

  /** How far the time moves after each segment (1 ms unless set). */
  public TcpConversation step(long nanos) {
    this.step = nanos;
    return this;
  }

  public long time() {
    return time;
  }

  public long clientIsn() {
    return clientIsn;
  }

  public List<TcpSegment> handshake() {
    return List.of(syn(), synAck(), ack());
  }

  public TcpSegment syn() {
    return segment(true, SYN, clientIsn, 0, 0);
  }

  public TcpSegment synAck() {
    return segment(false, SYN | ACK, serverIsn, clientIsn + 1, 0);
  }

  public TcpSegment ack() {
    return client(ACK, 0, 0);
  }

  public TcpSegment clientData(long offset, int length) {
    return client(PSH | ACK, offset, length);
  }

  public TcpSegment serverData(long offset, int length) {
    return server(PSH | ACK, offset, length);
  }

  public TcpSegment clientFin(long offset) {
    return client(FIN | ACK, offset, 0);
  }

  public TcpSegment serverFin(long offset) {
    return server(FIN | ACK, offset, 0);
  }

  public TcpSegment clientRst(long offset) {
    return client(RST | ACK, offset, 0);
  }

  public TcpSegment serverRst(long offset) {
    return server(RST | ACK, offset, 0);
  }

  /** The answer of a closed port to the SYN (RFC 9293 3.10.7.1: seq 0, ack = ISN + 1). */
  public TcpSegment refusal() {
    return segment(false, RST | ACK, 0, clientIsn + 1, 0);
  }

  public TcpSegment client(int flags, long offset, int length) {
    return segment(true, flags, clientIsn + 1 + offset, serverIsn + 1, length);
  }

  public TcpSegment server(int flags, long offset, int length) {
    return segment(false, flags, serverIsn + 1 + offset, clientIsn + 1, length);
  }

  /** A segment with explicit sequence numbers. */
  public TcpSegment segment(boolean fromClient, int flags, long seq, long ack, int length) {
    TcpSegment s =
        fromClient
            ? Segments.between(client, clientPort, server, serverPort)
            : Segments.between(server, serverPort, client, clientPort);
    s.timestampNanos = time;
    time += step;
    s.seq = seq & MASK32;
    s.ack = ack & MASK32;
    s.flags = flags;
    s.payloadLength = length;
    s.windowScale = -1;
    return s;
  }
}
