package dev.tcpmap.capture.testnet;

import dev.tcpmap.core.model.IpAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tshark as an oracle for UDP: its {@code -q -z conv,udp} table, one row per conversation (an
 * unordered pair of address and port) with frames and frame bytes each way. tshark 4.0 prints byte
 * counts of 10,000 and more rounded ("10 kB"): a row like that fails to parse here, so tests keep
 * each direction below it.
 */
public final class TsharkUdpConversations {
  /**
   * {@code A:port <-> B:port frames bytes bytes frames bytes bytes ...}: the first pair is what
   * went to A ({@code <-}), the second what went to B ({@code ->}). IPv6 addresses hold colons; the
   * greedy {@code \S+} leaves the last one for the port.
   */
  private static final Pattern ROW =
      Pattern.compile(
          "^(\\S+):(\\d+)\\s+<->\\s+(\\S+):(\\d+)\\s+(\\d+)\\s+(\\d+) bytes\\s+(\\d+)\\s+(\\d+) bytes\\b.*");

  private TsharkUdpConversations() {}

  /**
   * One conversation as tshark prints it.
   *
   * @param framesToA frames from B to A, {@code bytesToA} their bytes (Ethernet frames, headers
   *     included)
   */
  public record Conversation(
      IpAddress a,
      int aPort,
      IpAddress b,
      int bPort,
      long framesToA,
      long bytesToA,
      long framesToB,
      long bytesToB) {}

  /** Every UDP conversation in {@code pcap}. */
  public static List<Conversation> read(Path pcap, Duration limit) throws IOException {
    List<Conversation> rows = new ArrayList<>();
    for (String line :
        Commands.run(limit, List.of("tshark", "-n", "-q", "-r", pcap.toString(), "-z", "conv,udp"))
            .stdout()
            .lines()
            .toList()) {
      Matcher m = ROW.matcher(line.strip());
      if (m.matches()) {
        rows.add(
            new Conversation(
                IpAddress.parse(m.group(1)),
                Integer.parseInt(m.group(2)),
                IpAddress.parse(m.group(3)),
                Integer.parseInt(m.group(4)),
                Long.parseLong(m.group(5)),
                Long.parseLong(m.group(6)),
                Long.parseLong(m.group(7)),
                Long.parseLong(m.group(8))));
      } else if (line.contains("<->")) {
        throw new IOException("tshark conversation row not understood: " + line);
      }
    }
    return rows;
  }
}
