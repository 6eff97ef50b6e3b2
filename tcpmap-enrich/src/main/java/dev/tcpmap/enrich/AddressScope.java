package dev.tcpmap.enrich;

import dev.tcpmap.core.model.IpAddress;

/**
 * Which addresses may be sent to whois and GeoIP: not private (Go's {@code net.IP.IsPrivate}, which
 * k8spacket uses: 10/8, 172.16/12, 192.168/16, fc00::/7), and, further than k8spacket, not
 * loopback, link-local (169.254/16, fe80::/10) or unspecified, which no registry knows either.
 * IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
final class AddressScope {
  private AddressScope() {}

  static boolean isPublic(IpAddress address) {
    byte[] b = address.bytes();
    if (b.length == 16 && isMapped(b)) {
      b = new byte[] {b[12], b[13], b[14], b[15]};
    }
    int b0 = b[0] & 0xFF;
    int b1 = b[1] & 0xFF;
    if (b.length == 4) {
      return !(b0 == 10
          || (b0 == 172 && (b1 & 0xF0) == 16)
          || (b0 == 192 && b1 == 168)
          || b0 == 127
          || (b0 == 169 && b1 == 254)
          || b0 == 0);
    }
    boolean unspecifiedOrLoopback = address.isLoopback() || isZero(b, 0, 16);
    return !((b0 & 0xFE) == 0xFC || (b0 == 0xFE && (b1 & 0xC0) == 0x80) || unspecifiedOrLoopback);
  }

  private static boolean isMapped(byte[] b) {
    return isZero(b, 0, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
