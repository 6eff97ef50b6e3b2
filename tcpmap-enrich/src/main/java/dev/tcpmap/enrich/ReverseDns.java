package dev.tcpmap.enrich;

import dev.tcpmap.capture.dns.DnsFormatException;
import dev.tcpmap.capture.dns.DnsMessage;
import dev.tcpmap.capture.dns.ReverseQuery;
import dev.tcpmap.core.model.IpAddress;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reverse DNS: one PTR query over UDP to a configured server, with a timeout, built and read with
 * the capture module's DNS code. Not {@code InetAddress.getCanonicalHostName}: that has neither a
 * timeout nor a choice of server. A truncated answer without a PTR record gives no name (no retry
 * over TCP: a PTR answer fits 512 bytes unless a zone is odd). Thread-safe: a socket per lookup.
 */
final class ReverseDns {
  /** Larger than any UDP answer without EDNS (512 bytes, RFC 1035 §4.2.1). */
  private static final int MAX_ANSWER = 4096;

  private final InetSocketAddress server;
  private final Duration timeout;

  ReverseDns(InetSocketAddress server, Duration timeout) {
    this.server = server;
    this.timeout = timeout;
  }

  /**
   * The server of {@code setting} ({@code host[:port]}), or when it is empty the first {@code
   * nameserver} of {@code resolvConf} on port 53, or 127.0.0.1 (glibc's default) when it has none.
   */
  static InetSocketAddress server(String setting, Path resolvConf) {
    if (!setting.isEmpty()) {
      HostPort server = HostPort.parse(setting, 53);
      return new InetSocketAddress(server.host(), server.port());
    }
    try {
      for (String line : Files.readAllLines(resolvConf)) {
        String[] words = line.strip().split("\\s+");
        if (words.length >= 2 && words[0].equals("nameserver")) {
          // A link-local IPv6 server has a zone (fe80::1%eth0), which InetSocketAddress reads.
          return new InetSocketAddress(words[1], 53);
        }
      }
    } catch (IOException e) {
      // No resolv.conf: as glibc, the local host.
    }
    return new InetSocketAddress("127.0.0.1", 53);
  }

  /** The server as {@code host:port} ({@code [v6]:port}), for the status. */
  String server() {
    return new HostPort(server.getHostString(), server.getPort()).toString();
  }

  /**
   * The host name of {@code address}; empty for NXDOMAIN or an answer without PTR record.
   *
   * @throws SocketTimeoutException when no answer came within the timeout
   * @throws IOException when the server refused (ICMP unreachable) or answered malformed
   */
  Optional<String> lookup(IpAddress address) throws IOException {
    int id = ThreadLocalRandom.current().nextInt(1 << 16);
    byte[] query = ReverseQuery.query(id, address);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(server);
      socket.send(new DatagramPacket(query, query.length));
      byte[] buffer = new byte[MAX_ANSWER];
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new SocketTimeoutException("no answer from " + server + " in " + timeout);
        }
        socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        DnsMessage answer = parse(buffer, packet.getLength());
        if (answer.response() && answer.id() == id) {
          return ReverseQuery.hostName(answer, address);
        }
        // Another id: a late answer to an earlier socket on this port, or spoofing; keep waiting.
      }
    }
  }

  private DnsMessage parse(byte[] buffer, int length) throws IOException {
    try {
      return DnsMessage.parse(buffer, 0, length);
    } catch (DnsFormatException e) {
      throw new IOException("malformed answer from " + server + ": " + e.getMessage(), e);
    }
  }
}
