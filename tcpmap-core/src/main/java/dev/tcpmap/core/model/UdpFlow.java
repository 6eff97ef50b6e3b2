package dev.tcpmap.core.model;

import java.time.Duration;
import java.time.Instant;

/**
 * One UDP flow: the datagrams of one 5-tuple until it went quiet for the idle timeout.
 *
 * @param client the side that sent the first datagram seen, unless the other side's port is the
 *     well-known one ({@link PortRoles}: a reply from port 53 seen first still makes port 53 the
 *     server)
 * @param start the first datagram seen
 * @param duration from the first datagram to the last (zero for a single datagram)
 * @param bytesSent UDP payload bytes client to server (not headers, from the UDP length field)
 * @param bytesReceived UDP payload bytes server to client
 * @param datagramsSent datagrams client to server
 * @param datagramsReceived datagrams server to client
 * @param outcome {@code closed}: ended by the idle timeout after the server answered; {@code
 *     timeout}: ended by the idle timeout and the server never sent a datagram; {@code refused}: an
 *     ICMP port unreachable answered a datagram; {@code unreachable}: another ICMP error did;
 *     {@code unknown}: the observation ended first (capture over, flow evicted at the bound)
 */
public record UdpFlow(
    IpAddress client,
    int clientPort,
    IpAddress server,
    int serverPort,
    Instant start,
    Duration duration,
    long bytesSent,
    long bytesReceived,
    long datagramsSent,
    long datagramsReceived,
    Outcome outcome) {

  public UdpFlow {
    FlowChecks.ends(client, clientPort, server, serverPort, start, duration, outcome);
    if ((bytesSent | bytesReceived | datagramsSent | datagramsReceived) < 0) {
      throw new IllegalArgumentException(
          "counts are negative: "
              + bytesSent
              + ", "
              + bytesReceived
              + ", "
              + datagramsSent
              + ", "
              + datagramsReceived);
    }
    if (outcome == Outcome.OPEN || outcome == Outcome.RESET) {
      throw new IllegalArgumentException("not an outcome of a UDP flow: " + outcome.wireName());
    }
  }
}
