package dev.tcpmap.core.model;

/**
 * The TCP port range checks of the records that carry a port, written once. The message names the
 * component: {@code "serverPort out of range: 70000"}.
 */
public final class Ports {
  private static final int MAX = 65_535;

  private Ports() {}

  /**
   * {@code port} itself if it is 0 to 65535: any port a TCP header can carry (0 where a record made
   * without packets does not know it).
   *
   * @throws IllegalArgumentException naming {@code name} otherwise
   */
  public static int check(int port, String name) {
    if (port < 0 || port > MAX) {
      throw new IllegalArgumentException(name + " out of range: " + port);
    }
    return port;
  }

  /**
   * {@code port} itself if it is 1 to 65535: a port one can connect to or listen on.
   *
   * @throws IllegalArgumentException naming {@code name} otherwise
   */
  public static int checkConnectable(int port, String name) {
    if (port < 1 || port > MAX) {
      throw new IllegalArgumentException(name + " out of range: " + port);
    }
    return port;
  }
}
