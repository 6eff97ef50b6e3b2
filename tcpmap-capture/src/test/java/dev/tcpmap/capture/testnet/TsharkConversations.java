package dev.tcpmap.capture.testnet;

import dev.tcpmap.core.model.IpAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * tshark as an oracle: TCP payload bytes per connection and direction, aggregated from one line per
 * segment ({@code -T fields}). tshark's own {@code -z conv,tcp} table cannot serve: version 4.0
 * prints counts of 10,000 and more rounded ("97 kB").
 *
 * <p>Segments tshark marks {@code tcp.analysis.retransmission} are left out of the byte counts (and
 * counted apart): a retransmission carries payload that was already counted once, which is how
 * tcpmap counts bytes (ARCHITECTURE.md, "Retransmitted bytes count once"). On a veth with offloads
 * off, tail-loss probes (RFC 8985) resend the last segment of a burst now and then, so captures of
 * real traffic do hold some.
 *
 * <p>Only Ethernet, IP and TCP are dissected ({@code --disable-protocol ALL}, no reassembly):
 * dissecting the payload of 8080 as HTTP or 5432 as PostgreSQL made a 70 MB capture take 23 s
 * instead of 3 s. A connection is one {@code tcp.stream}; tshark starts a new stream when a 4-tuple
 * is reused with a fresh SYN.
 */
public final class TsharkConversations {
  private static final List<String> FIELDS =
      List.of(
          "tcp.stream",
          "ip.src",
          "ipv6.src",
          "tcp.srcport",
          "ip.dst",
          "ipv6.dst",
          "tcp.dstport",
          "tcp.len",
          "tcp.flags.syn",
          "tcp.flags.ack",
          "tcp.analysis.retransmission");

  private TsharkConversations() {}

  /**
   * One tshark stream.
   *
   * @param startSeen whether the stream's first SYN (without ACK) is in the capture; if not, the
   *     client is the side that sent the SYN-ACK's peer, or else the first packet's sender
   * @param retransmittedBytes payload of segments tshark marks as retransmissions, not counted in
   *     {@code bytesSent} or {@code bytesReceived}
   */
  public record Conversation(
      long stream,
      IpAddress client,
      int clientPort,
      IpAddress server,
      int serverPort,
      long bytesSent,
      long bytesReceived,
      long retransmittedBytes,
      boolean startSeen) {

    public Conversation {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(server, "server");
    }

    /** {@code client:port -> server:port}, as {@link ExpectedConnection#tuple()}. */
    public String tuple() {
      return client + ":" + clientPort + " -> " + server + ":" + serverPort;
    }
  }

  /** Every TCP stream in {@code pcap}, in stream order. */
  public static List<Conversation> read(Path pcap, Duration limit) throws IOException {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "tshark",
                "-n",
                "-r",
                pcap.toString(),
                "--disable-protocol",
                "ALL",
                "--enable-protocol",
                "frame,eth,ethertype,ip,ipv6,tcp",
                "-o",
                "tcp.desegment_tcp_streams:FALSE",
                "-Y",
                "tcp",
                "-T",
                "fields",
                "-E",
                "separator=/t",
                "-E",
                "occurrence=f"));
    for (String field : FIELDS) {
      argv.addAll(List.of("-e", field));
    }
    Map<Long, Builder> streams = new LinkedHashMap<>();
    for (String line : Commands.run(limit, argv).stdout().lines().toList()) {
      Segment segment = Segment.parse(line);
      streams.computeIfAbsent(segment.stream(), Builder::new).add(segment);
    }
    return streams.values().stream().map(Builder::build).toList();
  }

  private record Segment(
      long stream,
      IpAddress src,
      int srcPort,
      IpAddress dst,
      int dstPort,
      long length,
      boolean syn,
      boolean ack,
      boolean retransmission) {

    static Segment parse(String line) {
      String[] f = line.split("\t", -1);
      if (f.length != FIELDS.size()) {
        throw new IllegalArgumentException("tshark line has " + f.length + " fields: " + line);
      }
      return new Segment(
          Long.parseLong(f[0]),
          IpAddress.parse(f[1].isEmpty() ? f[2] : f[1]),
          Integer.parseInt(f[3]),
          IpAddress.parse(f[4].isEmpty() ? f[5] : f[4]),
          Integer.parseInt(f[6]),
          Long.parseLong(f[7]),
          flag(f[8]),
          flag(f[9]),
          !f[10].isEmpty());
    }

    /** tshark 4.0 prints flags as 1/0, later versions as True/False. */
    private static boolean flag(String value) {
      return value.equals("1") || value.equalsIgnoreCase("true");
    }

    String source() {
      return src + " " + srcPort;
    }
  }

  /** One stream's totals; payload is summed per sending endpoint, roles decided at the end. */
  private static final class Builder {
    private final long stream;
    private Segment first;
    private String client;
    private boolean startSeen;
    private final Map<String, Long> bytesBySource = new LinkedHashMap<>();
    private long retransmitted;

    Builder(long stream) {
      this.stream = stream;
    }

    void add(Segment segment) {
      if (first == null) {
        first = segment;
      }
      if (client == null && segment.syn()) {
        startSeen = !segment.ack();
        client = segment.ack() ? segment.dst() + " " + segment.dstPort() : segment.source();
      }
      if (segment.retransmission()) {
        retransmitted += segment.length();
      } else {
        bytesBySource.merge(segment.source(), segment.length(), Long::sum);
      }
    }

    Conversation build() {
      String clientKey = client != null ? client : first.source();
      long sent = bytesBySource.getOrDefault(clientKey, 0L);
      long received = bytesBySource.values().stream().mapToLong(Long::longValue).sum() - sent;
      boolean firstIsClient = first.source().equals(clientKey);
      Segment f = first;
      return new Conversation(
          stream,
          firstIsClient ? f.src() : f.dst(),
          firstIsClient ? f.srcPort() : f.dstPort(),
          firstIsClient ? f.dst() : f.src(),
          firstIsClient ? f.dstPort() : f.srcPort(),
          sent,
          received,
          retransmitted,
          startSeen);
    }
  }
}
