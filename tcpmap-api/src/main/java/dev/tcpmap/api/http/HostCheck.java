package dev.tcpmap.api.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code Host} field checked against the names the API is reached by, against DNS rebinding: a
 * page of {@code evil.example} whose name the attacker then points at 127.0.0.1 may send requests
 * to the API as its own origin, and read the answers, but its requests say {@code Host:
 * evil.example}.
 *
 * <p>On a loopback address ({@code api.bind} 127.0.0.1, the default, or ::1) the check is on, and
 * {@code localhost}, {@code 127.0.0.1}, {@code [::1]}, the bound address and the configured names
 * pass. On any other address it is off unless names are configured; then those names, the loopback
 * names and any address literal pass (agents call each other by pod IP, and an address cannot be
 * rebound: a page whose origin is an address came from that address). The port is not compared: the
 * name is what a rebinding attacker controls, and a port-forward or a tunnel changes the port. A
 * request without {@code Host} (HTTP/1.0; Jetty refuses HTTP/1.1 without one) passes: browsers
 * always send it. Immutable.
 */
public final class HostCheck {
  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+(%[0-9a-z._-]+)?]");

  private final boolean on;
  private final boolean addressesPass;
  private final Set<String> names;

  private HostCheck(boolean on, boolean addressesPass, Set<String> names) {
    this.on = on;
    this.addressesPass = addressesPass;
    this.names = Set.copyOf(names);
  }

  /**
   * The check for an API bound to {@code bound}, with {@code allowed} (lower case, without port,
   * IPv6 in brackets) passing too.
   */
  public static HostCheck of(InetAddress bound, List<String> allowed) {
    boolean loopback = bound.isLoopbackAddress();
    Set<String> names = new HashSet<>(allowed);
    names.add("localhost");
    names.add("127.0.0.1");
    names.add("[::1]");
    String literal = bound.getHostAddress().toLowerCase(Locale.ROOT);
    names.add(bound instanceof Inet6Address ? "[" + literal + "]" : literal);
    return new HostCheck(loopback || !allowed.isEmpty(), !loopback, names);
  }

  /** Whether the check looks at requests at all. */
  public boolean on() {
    return on;
  }

  /** Whether a request whose {@code Host} field is {@code field} (null when absent) is served. */
  public boolean allows(String field) {
    if (!on || field == null) {
      return true;
    }
    String host = hostOf(field.toLowerCase(Locale.ROOT));
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return names.contains(host)
        || (addressesPass && (IPV4.matcher(host).matches() || IPV6.matcher(host).matches()));
  }

  /** The field without its port. */
  static String hostOf(String field) {
    if (field.startsWith("[")) {
      int end = field.indexOf(']');
      return end < 0 ? field : field.substring(0, end + 1);
    }
    int colon = field.lastIndexOf(':');
    return colon < 0 ? field : field.substring(0, colon);
  }
}
