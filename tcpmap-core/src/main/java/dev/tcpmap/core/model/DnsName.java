package dev.tcpmap.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A DNS answer seen in traffic: {@code address} was an answer for {@code name} at {@code at}, valid
 * for {@code ttl} (so the fact expires at {@link #expires()}). Pod IPs and cloud addresses are
 * reused, so a name holds for an address only within that window.
 *
 * @param address an address from an A or AAAA record
 * @param name the name the client asked for (the start of any CNAME chain), lower case, without the
 *     final dot
 * @param at when the answer was captured
 * @param ttl the smallest TTL along the CNAME chain from {@code name} to the address, whole seconds
 */
public record DnsName(IpAddress address, String name, Instant at, Duration ttl) {
  public DnsName {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name is empty");
    }
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl is negative: " + ttl);
    }
  }

  /** The end of validity: {@code at + ttl}. */
  public Instant expires() {
    return at.plus(ttl);
  }
}
