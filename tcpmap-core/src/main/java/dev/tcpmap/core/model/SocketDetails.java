package dev.tcpmap.core.model;

import java.util.Objects;

/**
 * What a live source on the host knows of a connection beyond packets: the processes at either end
 * (when that end's socket is on the host), and the kernel's view of the path.
 *
 * @param client the client's process, or {@link ProcessInfo#UNKNOWN} when the client is elsewhere
 * @param server the server's process, or {@link ProcessInfo#UNKNOWN} when the server is elsewhere
 * @param retransmits segments retransmitted by the observed socket (the client's when both ends are
 *     on the host)
 * @param srttMicros the observed socket's smoothed round-trip time at close, in microseconds; 0
 *     when not measured
 */
public record SocketDetails(
    ProcessInfo client, ProcessInfo server, int retransmits, int srttMicros) {

  /** Nothing known: the record came from packets (a capture file). */
  public static final SocketDetails NONE =
      new SocketDetails(ProcessInfo.UNKNOWN, ProcessInfo.UNKNOWN, 0, 0);

  public SocketDetails {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(server, "server");
    if (retransmits < 0 || srttMicros < 0) {
      throw new IllegalArgumentException(
          "negative retransmits or srtt: " + retransmits + ", " + srttMicros);
    }
  }
}
