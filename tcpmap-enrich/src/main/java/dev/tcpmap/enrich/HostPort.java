package dev.tcpmap.enrich;

import dev.tcpmap.core.format.Decimal;
import dev.tcpmap.core.model.Ports;
import java.net.InetSocketAddress;

/**
 * A server given as {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 address.
 *
 * @param host a name or an address literal (IPv6 without brackets)
 * @param port 1 … 65535
 */
record HostPort(String host, int port) {

  HostPort {
    if (host.isBlank()) {
      throw new IllegalArgumentException("empty host");
    }
    Ports.checkConnectable(port, "port");
  }

  /** Parses {@code text}, with {@code defaultPort} when it gives none. */
  static HostPort parse(String text, int defaultPort) {
    String t = text.strip();
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("no closing ]: " + text);
      }
      String rest = t.substring(close + 1);
      int port = rest.isEmpty() ? defaultPort : port(rest.substring(1), text);
      return new HostPort(t.substring(1, close), port);
    }
    int colon = t.indexOf(':');
    if (colon < 0 || t.indexOf(':', colon + 1) >= 0) {
      return new HostPort(t, defaultPort); // a name, an IPv4 address or a bare IPv6 address
    }
    return new HostPort(t.substring(0, colon), port(t.substring(colon + 1), text));
  }

  private static int port(String digits, String text) {
    try {
      return Decimal.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port in '" + text + "'");
    }
  }

  /** An unresolved address: the name is looked up at each connection. */
  InetSocketAddress address() {
    return InetSocketAddress.createUnresolved(host, port);
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
