package dev.tcpmap.capture.testnet;

import dev.tcpmap.core.model.IpAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * tshark as an oracle: TCP payload bytes per connection and direction, aggregated from one line per
 * segment ({@code -T fields}). tshark's own {@code -z conv,tcp} table cannot serve: version 4.0
 * prints counts of 10,000 and more rounded ("97 kB").
 *
 * <p>Bytes are the size of the union of the sequence ranges {@code [tcp.seq, tcp.seq + tcp.len)}
 * each side sent, so retransmitted payload counts once (ARCHITECTURE.md, "Retransmitted bytes count
 * once"). Simply leaving out the segments tshark marks {@code tcp.analysis.retransmission} is not
 * enough: when a segment is dropped on the receiving veth before the capture tap (the backlog queue
 * is in front of it), only its retransmission is captured, tshark still marks that one a
 * retransmission, and the count comes out short (15,708 of 5,000,000 bytes in one run here). The
 * marked payload is still counted apart, as information: on a veth with offloads off, tail-loss
 * probes (RFC 8985) and such drops put some in captures of real traffic.
 *
 * <p>Only Ethernet, IP and TCP are dissected ({@code --disable-protocol ALL}, no reassembly):
 * dissecting the payload of 8080 as HTTP or 5432 as PostgreSQL made a 70 MB capture take 23 s
 * instead of 3 s. A connection is one {@code tcp.stream}; tshark starts a new stream when a 4-tuple
 * is reused with a fresh SYN. Sequence numbers are tshark's relative ones (from the ISN, or from
 * the first packet seen when the SYN is not in the capture), so streams up to 4 GiB each way.
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
          "tcp.seq",
          "tcp.len",
          "tcp.flags.syn",
          "tcp.flags.ack",
          "tcp.analysis.retransmission");

  private TsharkConversations() {}

  /**
   * One tshark stream.
   *
   * @param bytesSent payload client to server, each sequence number once
   * @param bytesReceived payload server to client, each sequence number once
   * @param retransmittedBytes payload of the segments tshark marks as retransmissions (information
   *     only: they are in the byte counts as far as their sequence ranges are not already)
   * @param startSeen whether the stream's first SYN (without ACK) is in the capture; if not, the
   *     client is the destination of a SYN-ACK, or else the first packet's sender
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

    /** {@code client:port -> server:port}, as {@link ExpectedConnection#tuple()}. */
    public String tuple() {
      return Tuples.of(client, clientPort, server, serverPort);
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
                "-o",
                "tcp.relative_sequence_numbers:TRUE",
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
      long seq,
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
          Long.parseLong(f[8]),
          flag(f[9]),
          flag(f[10]),
          !f[11].isEmpty());
    }

    /** tshark 4.0 prints flags as 1/0, later versions as True/False. */
    private static boolean flag(String value) {
      return value.equals("1") || value.equalsIgnoreCase("true");
    }

    String source() {
      return src + " " + srcPort;
    }
  }

  /** One stream's sequence ranges per sending endpoint; roles are decided at the end. */
  private static final class Builder {
    private final long stream;
    private Segment first;
    private String client;
    private boolean startSeen;
    private final Map<String, List<long[]>> rangesBySource = new LinkedHashMap<>();
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
      }
      if (segment.length() > 0) {
        rangesBySource
            .computeIfAbsent(segment.source(), k -> new ArrayList<>())
            .add(new long[] {segment.seq(), segment.seq() + segment.length()});
      }
    }

    Conversation build() {
      String clientKey = client != null ? client : first.source();
      long sent = 0;
      long received = 0;
      for (Map.Entry<String, List<long[]>> entry : rangesBySource.entrySet()) {
        long covered = covered(entry.getValue());
        if (entry.getKey().equals(clientKey)) {
          sent += covered;
        } else {
          received += covered;
        }
      }
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

    /** Size of the union of half-open ranges. */
    private static long covered(List<long[]> ranges) {
      ranges.sort(Comparator.comparingLong(r -> r[0]));
      long total = 0;
      long end = Long.MIN_VALUE;
      for (long[] range : ranges) {
        long start = Math.max(range[0], end);
        if (range[1] > start) {
          total += range[1] - start;
        }
        end = Math.max(end, range[1]);
      }
      return total;
    }
  }
}
