package dev.tcpmap.capture.testnet;

import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.model.IpAddress;

/**
 * What a {@link TrafficPeer} client saw of one planned connection: the local port the kernel gave
 * it, the payload bytes it wrote and read, and how the connection ended from its side ({@code
 * closed}, {@code reset}, {@code refused}, {@code timeout}, or {@code error:<message>}).
 */
public record ConnectionReport(
    int id,
    IpAddress client,
    int clientPort,
    IpAddress server,
    int serverPort,
    long sent,
    long received,
    String ended) {

  private static final String TAG = "conn";

  public ConnectionReport {
    Checks.nonNull("client server ended", client, server, ended);
    if (ended.isEmpty() || ended.contains("\n")) {
      throw new IllegalArgumentException("ended must be one non-empty line: " + ended);
    }
  }

  /** Whether this report is a result line of the client's output. */
  public static boolean isReport(String line) {
    return line.startsWith(TAG + " ");
  }

  /** One line: {@code conn ID CLIENT PORT SERVER PORT SENT RECEIVED ENDED}. */
  public String toLine() {
    return TAG + " " + RecordLines.format(this);
  }

  public static ConnectionReport parse(String line) {
    if (!isReport(line.strip())) {
      throw new IllegalArgumentException("not a connection report: " + line);
    }
    return RecordLines.parse(ConnectionReport.class, line.strip().substring(TAG.length() + 1));
  }
}
