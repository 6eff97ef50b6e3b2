package dev.tcpmap.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A DNS query over UDP and what became of it: the response with the same id on the same 5-tuple
 * (reversed), none within the timeout, or not known (the observation ended first).
 *
 * @param client who asked
 * @param server the resolver asked
 * @param id the query id
 * @param name the first question's name, lower case without the final dot ({@code ""} for none)
 * @param type the first question's type (1 A, 28 AAAA, …; 0 for none)
 * @param at when the query was captured
 * @param waited from the query to its response; empty when none came within the timeout
 * @param rcode the response's code (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, …); {@link #UNANSWERED}
 *     without a response within the timeout, {@link #UNKNOWN} when the observation ended first
 * @param addresses how many addresses the response named (A/AAAA records reached from the question)
 */
public record DnsLookup(
    IpAddress client,
    int clientPort,
    IpAddress server,
    int serverPort,
    int id,
    String name,
    int type,
    Instant at,
    Optional<Duration> waited,
    int rcode,
    int addresses) {

  /** The rcode of a query that got no response within the timeout. */
  public static final int UNANSWERED = -1;

  /** The rcode of a query whose observation ended (a capture over) before a response or timeout. */
  public static final int UNKNOWN = -2;

  public DnsLookup {
    Checks.nonNull("client server name at waited", client, server, name, at, waited);
    Ports.check(clientPort, "clientPort");
    Ports.check(serverPort, "serverPort");
    if (id < 0 || id > 0xFFFF) {
      throw new IllegalArgumentException("id out of range: " + id);
    }
    if (rcode < UNKNOWN || rcode > 0xFFF) {
      throw new IllegalArgumentException("rcode out of range: " + rcode);
    }
    if (waited.isPresent() != (rcode >= 0)) {
      throw new IllegalArgumentException("a response has a wait, and only a response: " + rcode);
    }
    if (addresses < 0) {
      throw new IllegalArgumentException("addresses is negative: " + addresses);
    }
  }

  /**
   * The response code by its RFC 1035/2136 mnemonic ({@code NOERROR}, {@code FORMERR}, {@code
   * SERVFAIL}, {@code NXDOMAIN}, {@code NOTIMP}, {@code REFUSED}), {@code RCODE<n>} for the others,
   * {@code UNANSWERED} without a response, {@code UNKNOWN} when the observation ended first.
   */
  public String rcodeName() {
    return switch (rcode) {
      case UNANSWERED -> "UNANSWERED";
      case UNKNOWN -> "UNKNOWN";
      case 0 -> "NOERROR";
      case 1 -> "FORMERR";
      case 2 -> "SERVFAIL";
      case 3 -> "NXDOMAIN";
      case 4 -> "NOTIMP";
      case 5 -> "REFUSED";
      default -> String.format(Locale.ROOT, "RCODE%d", rcode);
    };
  }
}
