package dev.tcpmap.capture.handshake;

import dev.tcpmap.capture.decode.FlowKey;
import dev.tcpmap.capture.dns.DnsParser;
import dev.tcpmap.capture.tls.TlsSession;
import dev.tcpmap.core.model.IpAddress;

/**
 * A connection the {@link HandshakeCollector} follows: from its SYN, or from a segment starting a
 * ClientHello when its SYN was not seen ({@link #startSeen} false).
 */
final class Flow {
  static final long NO_TIME = Long.MIN_VALUE;

  /** The client's ISN of a connection whose SYN was not seen: no SYN repeats it. */
  static final long NO_ISN = -1;

  final FlowKey key;
  final boolean clientIsA;
  final IpAddress client;
  final int clientPort;
  final IpAddress server;
  final int serverPort;

  /** The SYN's time, or when the SYN was not seen the first segment's (the ClientHello's). */
  final long startNanos;

  final long clientIsn;
  final boolean startSeen;

  /** DNS over TCP (a port is 53, followed from the SYN), else a possible TLS connection. */
  final boolean dns;

  final Reassembly toServer = new Reassembly();
  final Reassembly toClient = new Reassembly();
  long lastNanos;

  /** Bytes this flow held at its last payload (counted in the collector's budget). */
  long heldBytes;

  long helloNanos = NO_TIME;
  boolean clientFin;
  boolean serverFin;
  boolean closed;

  /**
   * Made at the first client payload byte after any proxy preamble, when it is 0x16 (a TLS
   * handshake record).
   */
  TlsSession tls;

  /** Made at the first client payload byte when it may start a proxy tunnel's set-up. */
  ProxyPreamble preamble;

  /** Made at the start of a DNS flow; fed the server's bytes. */
  DnsParser.TcpStream dnsStream;

  Flow(
      FlowKey key,
      boolean clientIsA,
      IpAddress client,
      int clientPort,
      IpAddress server,
      int serverPort,
      long startNanos,
      long clientIsn,
      boolean dns) {
    this.key = key;
    this.clientIsA = clientIsA;
    this.client = client;
    this.clientPort = clientPort;
    this.server = server;
    this.serverPort = serverPort;
    this.startNanos = startNanos;
    this.clientIsn = clientIsn;
    this.startSeen = clientIsn != NO_ISN;
    this.dns = dns;
    this.lastNanos = startNanos;
  }
}
