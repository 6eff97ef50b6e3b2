package dev.tcpmap.capture.handshake;

import dev.tcpmap.capture.decode.TcpSegment;
import dev.tcpmap.capture.testing.Segments;
import dev.tcpmap.core.model.IpAddress;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Hand-made TCP segments of one connection fed to a collector: the client's and server's bytes are
 * cut as each test says, each direction's offsets counted from its first payload byte.
 */
final class Wire {
  static final long START = 1_700_000_000_000_000_000L;
  private static final long CLIENT_ISN = 0xFFFF_FF00L; // wraps within the first 256 bytes
  private static final long SERVER_ISN = 1_000L;

  private final HandshakeCollector collector;
  private final IpAddress client;
  private final IpAddress server;
  private final int clientPort;
  private final int serverPort;
  private long time = START;

  Wire(HandshakeCollector collector, String client, int clientPort, String server, int serverPort) {
    this.collector = collector;
    this.client = IpAddress.parse(client);
    this.server = IpAddress.parse(server);
    this.clientPort = clientPort;
    this.serverPort = serverPort;
  }

  Wire handshake() {
    return syn().synAck();
  }

  Wire syn() {
    return send(true, TcpSegment.SYN, CLIENT_ISN, new byte[0], 0, 0);
  }

  Wire synAck() {
    return send(false, TcpSegment.SYN | TcpSegment.ACK, SERVER_ISN, new byte[0], 0, 0);
  }

  /** Client bytes {@code [from, to)} of {@code bytes}, as one segment. */
  Wire client(byte[] bytes, int from, int to) {
    return send(true, TcpSegment.ACK | TcpSegment.PSH, CLIENT_ISN + 1 + from, bytes, from, to);
  }

  /** Client bytes {@code [from, to)} of {@code bytes}, as one segment with these flags. */
  Wire client(int flags, byte[] bytes, int from, int to) {
    return send(true, flags, CLIENT_ISN + 1 + from, bytes, from, to);
  }

  /** Server bytes {@code [from, to)} of {@code bytes}, as one segment. */
  Wire server(byte[] bytes, int from, int to) {
    return send(false, TcpSegment.ACK | TcpSegment.PSH, SERVER_ISN + 1 + from, bytes, from, to);
  }

  /** The whole of {@code bytes} from one side in segments of at most {@code size}. */
  Wire pieces(boolean fromClient, byte[] bytes, int size) {
    for (int from = 0; from < bytes.length; from += size) {
      int to = Math.min(bytes.length, from + size);
      if (fromClient) {
        client(bytes, from, to);
      } else {
        server(bytes, from, to);
      }
    }
    return this;
  }

  Wire fin(boolean fromClient, int offset) {
    long seq = (fromClient ? CLIENT_ISN : SERVER_ISN) + 1 + offset;
    return send(fromClient, TcpSegment.FIN | TcpSegment.ACK, seq, new byte[0], 0, 0);
  }

  /** A bare ACK: no payload, no flag but ACK. */
  Wire ack(boolean fromClient) {
    return bare(fromClient, TcpSegment.ACK);
  }

  Wire rst(boolean fromClient) {
    return bare(fromClient, TcpSegment.RST);
  }

  /** A segment without payload at the sender's first sequence number after the SYN. */
  private Wire bare(boolean fromClient, int flags) {
    return send(fromClient, flags, fromClient ? CLIENT_ISN + 1 : SERVER_ISN + 1, new byte[0], 0, 0);
  }

  /** Moves the clock on without a packet of this connection. */
  Wire pause(long nanos) {
    time += nanos;
    return this;
  }

  long time() {
    return time;
  }

  /** Sets the clock, e.g. to another wire's {@link #time()}. */
  Wire at(long nanos) {
    time = nanos;
    return this;
  }

  private Wire send(boolean fromClient, int flags, long seq, byte[] bytes, int from, int to) {
    time += 1_000;
    TcpSegment s =
        fromClient
            ? Segments.between(client, clientPort, server, serverPort)
            : Segments.between(server, serverPort, client, clientPort);
    s.timestampNanos = time;
    s.seq = seq & 0xFFFF_FFFFL;
    // Each side acknowledges the other's first payload byte: enough for the collector, which
    // reads acknowledgements only to place a server's bytes when it did not see the SYN-ACK.
    long acknowledged = (fromClient ? SERVER_ISN : CLIENT_ISN) + 1;
    s.ack = (flags & TcpSegment.ACK) != 0 ? acknowledged & 0xFFFF_FFFFL : 0;
    s.flags = flags;
    s.windowScale = -1;
    // Two bytes of junk before the payload, as headers would be.
    byte[] packet = new byte[2 + to - from];
    System.arraycopy(bytes, from, packet, 2, to - from);
    s.payloadOffset = 2;
    s.payloadLength = to - from;
    s.capturedPayloadLength = to - from;
    collector.segment(s, MemorySegment.ofArray(Arrays.copyOf(packet, packet.length)));
    return this;
  }
}
