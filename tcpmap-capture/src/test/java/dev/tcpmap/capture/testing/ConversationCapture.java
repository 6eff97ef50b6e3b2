package dev.tcpmap.capture.testing;

import static dev.tcpmap.capture.testing.Packets.ACK;
import static dev.tcpmap.capture.testing.Packets.ETHERTYPE_IPV4;
import static dev.tcpmap.capture.testing.Packets.FIN;
import static dev.tcpmap.capture.testing.Packets.PSH;
import static dev.tcpmap.capture.testing.Packets.SYN;
import static dev.tcpmap.capture.testing.Packets.TCP;

/**
 * Writes the packets of one IPv4 TCP connection over Ethernet into a {@link PcapWriter}, with
 * payloads given as bytes: {@code new ConversationCapture(writer, "192.0.2.1", 40000,
 * "198.51.100.1", 443).handshake().client(hello).server(answer).close()}. Each side's payload
 * continues where its last one ended unless a test places it ({@link #clientAt}); the clock moves 1
 * ms per packet. For tests.
 */
public final class ConversationCapture {
  public static final long START = 1_700_000_000_000_000_000L;
  private static final long MASK32 = 0xFFFF_FFFFL;

  private final PcapWriter writer;
  private final String client;
  private final int clientPort;
  private final String server;
  private final int serverPort;
  private long clientIsn = 0xFFFF_FF00L; // wraps within the first 256 bytes
  private long serverIsn = 5_000_000;
  private long clientSent;
  private long serverSent;
  private long time = START;

  public ConversationCapture(
      PcapWriter writer, String client, int clientPort, String server, int serverPort) {
    this.writer = writer;
    this.client = client;
    this.clientPort = clientPort;
    this.server = server;
    this.serverPort = serverPort;
  }

  public ConversationCapture at(long nanos) {
    time = nanos;
    return this;
  }

  public long time() {
    return time;
  }

  public long clientIsn() {
    return clientIsn;
  }

  public ConversationCapture handshake() {
    packet(true, SYN, clientIsn, 0, new byte[0]);
    packet(false, SYN | ACK, serverIsn, clientIsn + 1, new byte[0]);
    return packet(true, ACK, clientIsn + 1, serverIsn + 1, new byte[0]);
  }

  /** The client's next bytes, in one segment. */
  public ConversationCapture client(byte[] payload) {
    clientAt(clientSent, payload);
    clientSent += payload.length;
    return this;
  }

  /** The server's next bytes, in one segment. */
  public ConversationCapture server(byte[] payload) {
    packet(false, PSH | ACK, serverIsn + 1 + serverSent, clientIsn + 1 + clientSent, payload);
    serverSent += payload.length;
    return this;
  }

  /** Client bytes placed at {@code offset} from its first payload byte (any 64-bit value). */
  public ConversationCapture clientAt(long offset, byte[] payload) {
    return packet(true, PSH | ACK, clientIsn + 1 + offset, serverIsn + 1 + serverSent, payload);
  }

  /** A FIN from each side, each acknowledged. */
  public ConversationCapture close() {
    packet(true, FIN | ACK, clientIsn + 1 + clientSent, serverIsn + 1 + serverSent, new byte[0]);
    packet(false, FIN | ACK, serverIsn + 1 + serverSent, clientIsn + 2 + clientSent, new byte[0]);
    return packet(true, ACK, clientIsn + 2 + clientSent, serverIsn + 2 + serverSent, new byte[0]);
  }

  private ConversationCapture packet(
      boolean fromClient, int flags, long seq, long ack, byte[] payload) {
    byte[] tcp =
        Packets.tcp(
            fromClient ? clientPort : serverPort,
            fromClient ? serverPort : clientPort,
            flags,
            seq & MASK32,
            ack & MASK32,
            new byte[0],
            0);
    byte[] ip =
        Packets.ipv4(
            fromClient ? client : server,
            fromClient ? server : client,
            TCP,
            Packets.concat(tcp, payload));
    writer.packet(time, Packets.ethernet(ETHERTYPE_IPV4, ip));
    time += 1_000_000;
    return this;
  }
}
