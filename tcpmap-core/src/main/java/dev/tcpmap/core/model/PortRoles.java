package dev.tcpmap.core.model;

/**
 * Guesses which side is the server of a connection whose handshake was not seen, from its ports
 * (the packet tracker, and the socket joiner for sockets that predate it).
 *
 * <p>Servers listen on fixed ports and clients get ephemeral ones (Linux: 32768–60999, {@code
 * net.ipv4.ip_local_port_range}; IANA: 49152–65535). So:
 *
 * <ol>
 *   <li>a port below 1024 against one at or above 1024 is the server;
 *   <li>otherwise a port below 32768 against one at or above 32768 is the server (this covers
 *       registered ports such as 5432 or 8080 and Kubernetes node ports 30000–32767);
 *   <li>otherwise (both well-known, both ephemeral, both in 1024–32767, or equal) the rule cannot
 *       tell, and the destination of the first packet seen is the server.
 * </ol>
 */
public final class PortRoles {
  private static final int WELL_KNOWN_END = 1024;
  private static final int EPHEMERAL_START = 32768;

  private PortRoles() {}

  /** Whether the destination of the first packet seen is the server. */
  public static boolean serverIsDestination(int srcPort, int dstPort) {
    return !isService(srcPort, dstPort, WELL_KNOWN_END)
        && !isService(srcPort, dstPort, EPHEMERAL_START);
  }

  private static boolean isService(int port, int other, int boundary) {
    return port < boundary && other >= boundary;
  }
}
