package dev.tcpmap.capture.dns;

import dev.tcpmap.core.model.IpAddress;

/**
 * What a DNS answer says about an address: it was the answer for {@code name}, valid for {@code
 * ttlSeconds} from the time of the answer.
 *
 * @param address an address from an A or AAAA record
 * @param name the name the client asked for (the start of any CNAME chain), lower case
 * @param ttlSeconds the smallest TTL along the chain from {@code name} to the address record
 */
public record NameFact(IpAddress address, String name, long ttlSeconds) {
  public NameFact {
    if (ttlSeconds < 0) {
      throw new IllegalArgumentException("ttlSeconds < 0: " + ttlSeconds);
    }
  }
}
