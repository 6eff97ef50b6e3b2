package dev.tcpmap.core.model;

import java.time.Instant;
import java.util.Locale;

/**
 * An ICMP or ICMPv6 error message and what it answered, read from the packet it quotes (RFC 792:
 * the IP header and at least the first 8 bytes of the datagram; RFC 4443 §2.4: as much of the
 * packet as fits). The quoted packet was sent by {@code source} to {@code destination}; the error
 * came back from {@code reporter} (the destination itself, or a router on the way).
 *
 * @param at when the error was captured
 * @param v6 ICMPv6 (else ICMP)
 * @param type the ICMP type (3 destination unreachable, 11 time exceeded, 12 parameter problem;
 *     ICMPv6: 1, 2 packet too big, 3, 4)
 * @param code the ICMP code (for type 3: 3 port unreachable, 13 administratively prohibited, …)
 * @param reporter who sent the error
 * @param protocol the quoted packet's protocol: {@code tcp} or {@code udp}
 * @param matched what the error was matched to: {@code tcp} (a tracked connection), {@code udp} (a
 *     tracked flow), or {@code none}
 */
public record IcmpError(
    Instant at,
    boolean v6,
    int type,
    int code,
    IpAddress reporter,
    String protocol,
    IpAddress source,
    int sourcePort,
    IpAddress destination,
    int destinationPort,
    String matched) {

  public IcmpError {
    Checks.nonNull(
        "at reporter protocol source destination matched",
        at,
        reporter,
        protocol,
        source,
        destination,
        matched);
    if (type < 0 || type > 255 || code < 0 || code > 255) {
      throw new IllegalArgumentException("ICMP type and code are bytes: " + type + "/" + code);
    }
    Ports.check(sourcePort, "sourcePort");
    Ports.check(destinationPort, "destinationPort");
  }

  /** This error, matched to {@code what} ({@code tcp}, {@code udp}, {@code none}). */
  public IcmpError withMatched(String what) {
    return new IcmpError(
        at,
        v6,
        type,
        code,
        reporter,
        protocol,
        source,
        sourcePort,
        destination,
        destinationPort,
        what);
  }

  /**
   * The type's name as in the RFCs, lower case with dashes ({@code destination-unreachable}, {@code
   * packet-too-big}); {@code type-N} for any other.
   */
  public String typeName() {
    String name =
        v6
            ? switch (type) {
              case 1 -> "destination-unreachable";
              case 2 -> "packet-too-big";
              case 3 -> "time-exceeded";
              case 4 -> "parameter-problem";
              default -> null;
            }
            : switch (type) {
              case 3 -> "destination-unreachable";
              case 4 -> "source-quench";
              case 11 -> "time-exceeded";
              case 12 -> "parameter-problem";
              default -> null;
            };
    return name != null ? name : String.format(Locale.ROOT, "type-%d", type);
  }

  /**
   * Whether a connect this error answers fails (Linux {@code tcp_v4_err}/{@code tcp_v6_err} in
   * SYN-SENT): destination unreachable but for "fragmentation needed" (ICMP 3/4, path MTU
   * discovery), time exceeded, parameter problem. Packet too big and source quench are not
   * failures; a UDP flow is marked by the same errors.
   */
  public boolean failsDelivery() {
    return v6
        ? type == 1 || type == 3 || type == 4
        : (type == 3 && code != 4) || type == 11 || type == 12;
  }

  /** Port unreachable: ICMP 3/3, ICMPv6 1/4; a UDP flow it answers is {@code refused}. */
  public boolean portUnreachable() {
    return v6 ? type == 1 && code == 4 : type == 3 && code == 3;
  }
}
