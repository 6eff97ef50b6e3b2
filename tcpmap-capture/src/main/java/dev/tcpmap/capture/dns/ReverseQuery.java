package dev.tcpmap.capture.dns;

import dev.tcpmap.core.model.IpAddress;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A reverse lookup (PTR query, RFC 1035 §3.5 for IPv4, RFC 3596 §2.5 for IPv6) of one address: the
 * query to send over UDP and the host name read from the answer.
 */
public final class ReverseQuery {
  private ReverseQuery() {}

  /**
   * The reverse name of {@code address}: {@code 7.100.51.198.in-addr.arpa} for 198.51.100.7, and
   * for IPv6 the 32 nibbles in reverse order under {@code ip6.arpa}.
   */
  public static String reverseName(IpAddress address) {
    byte[] bytes = address.bytes();
    StringBuilder name = new StringBuilder(address.v6() ? 72 : 29);
    for (int i = bytes.length - 1; i >= 0; i--) {
      int b = bytes[i] & 0xFF;
      if (address.v6()) {
        name.append(Character.forDigit(b & 0xF, 16)).append('.');
        name.append(Character.forDigit(b >> 4, 16)).append('.');
      } else {
        name.append(b).append('.');
      }
    }
    return name.append(address.v6() ? "ip6.arpa" : "in-addr.arpa").toString();
  }

  /** A standard query with recursion desired, one question: IN PTR of {@code address}. */
  public static byte[] query(int id, IpAddress address) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(96);
    u16(out, id);
    u16(out, 0x0100); // RD
    u16(out, 1); // QDCOUNT
    out.writeBytes(new byte[6]); // ANCOUNT, NSCOUNT, ARCOUNT
    for (String label : reverseName(address).split("\\.")) {
      out.write(label.length());
      out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
    }
    out.write(0);
    u16(out, DnsRecord.PTR);
    u16(out, DnsRecord.IN);
    return out.toByteArray();
  }

  /**
   * The host name a response to {@link #query} gives: the first PTR answer for the question's name,
   * without the final dot; empty for NXDOMAIN, another error or no PTR answer.
   */
  public static Optional<String> hostName(DnsMessage response, IpAddress address) {
    if (!response.response() || response.rcode() != 0) {
      return Optional.empty();
    }
    String wanted = reverseName(address);
    for (DnsRecord answer : response.answers()) {
      if (answer instanceof DnsRecord.Pointer pointer && pointer.name().equals(wanted)) {
        return Optional.of(pointer.target());
      }
    }
    return Optional.empty();
  }

  private static void u16(ByteArrayOutputStream out, int value) {
    out.write(value >> 8);
    out.write(value);
  }
}
