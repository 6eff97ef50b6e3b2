package dev.tcpmap.capture.dns;

import dev.tcpmap.core.model.IpAddress;

/**
 * One resource record of an answer section (RFC 1035 §4.1.3). Names are lower case without the
 * final dot; TTLs are seconds, 0 … 2^31 - 1 (RFC 2181 §8: a value with the top bit set is 0).
 */
public sealed interface DnsRecord {
  int A = 1;
  int CNAME = 5;
  int PTR = 12;
  int AAAA = 28;
  int IN = 1;

  String name();

  long ttl();

  /** An IN A or AAAA record. */
  record Address(String name, long ttl, IpAddress address) implements DnsRecord {}

  /** An IN CNAME record: {@code name} is an alias of {@code target}. */
  record Alias(String name, long ttl, String target) implements DnsRecord {}

  /**
   * An IN PTR record (RFC 1035 §3.3.12): {@code name} (e.g. {@code 7.100.51.198.in-addr.arpa})
   * points to {@code target}, the host name of a reverse lookup.
   */
  record Pointer(String name, long ttl, String target) implements DnsRecord {}

  /** Any other record, kept by type only. */
  record Other(String name, long ttl, int type, int dnsClass) implements DnsRecord {}
}
