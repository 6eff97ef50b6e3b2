package dev.tcpmap.ebpf.socket;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import java.util.Objects;

/**
 * One observation of one kernel TCP socket, as the socket tracer or the socket iterator made it. It
 * is seen from the socket's own side: {@code local} is this socket's address, {@code sent} what
 * this socket sent. The joiner turns records of both ends into connections (client to server).
 *
 * <p>Times are {@code CLOCK_MONOTONIC} nanoseconds (the BPF clock, and {@link System#nanoTime()} on
 * Linux); 0 means unknown.
 *
 * @param kind what happened
 * @param socket the kernel address of the socket: an id, unique while the socket lives (reused
 *     after it is freed)
 * @param netns the inode number of the socket's network namespace (as {@code /proc/PID/ns/net})
 * @param role whether this socket sent the SYN
 * @param startNanos when the socket entered its first handshake state (SYN_SENT for the active
 *     side, SYN_RECV for the passive side); 0 when the tracer did not see it (the socket predates
 *     the tracer, or its state was evicted)
 * @param atNanos when this record was made (the close, the iteration, the listen)
 * @param bytesSent TCP payload bytes this socket sent and the peer acknowledged (SYN and FIN
 *     sequence numbers already subtracted)
 * @param bytesReceived TCP payload bytes this socket received (the peer's FIN subtracted)
 * @param outcome for {@link Kind#CLOSED}: how it ended (never OPEN or UNKNOWN); {@link
 *     Outcome#OPEN} for every other kind
 * @param retransmits segments this socket retransmitted ({@code tcp_sock.total_retrans})
 * @param srttMicros smoothed round-trip time in microseconds ({@code tcp_sock.srtt_us >> 3}), 0
 *     when not measured
 * @param pid the owning process (thread group id): the connecting process for the active side, the
 *     accepting (else the listening) process for the passive side; 0 when unknown
 * @param command that process's {@code comm} (at most 15 bytes); "" when unknown
 * @param cgroup the id of the socket's cgroup v2 (the inode of its directory under the cgroup2
 *     mount): the cgroup of the process that created the socket, for an accepted socket its
 *     listener's; 0 when unknown
 */
public record SocketRecord(
    Kind kind,
    long socket,
    long netns,
    IpAddress local,
    int localPort,
    IpAddress remote,
    int remotePort,
    Role role,
    long startNanos,
    long atNanos,
    long bytesSent,
    long bytesReceived,
    Outcome outcome,
    int retransmits,
    int srttMicros,
    int pid,
    String command,
    long cgroup) {

  /** What a record reports. */
  public enum Kind {
    /**
     * The handshake completed (ESTABLISHED reached). From the ring buffer. Byte counts are 0.
     * (Active sockets whose connect fails never open: they go straight to CLOSED.)
     */
    OPENED,
    /** The socket reached TCP_CLOSE. From the ring buffer; byte counts are final. */
    CLOSED,
    /** A socket alive at iteration time, with bytes so far. From the iterator. */
    LIVE,
    /**
     * A listening socket: from the ring buffer when {@code listen()} is called, from the iterator
     * for those that exist. Remote address and port are unspecified (zero), bytes 0.
     */
    LISTENING
  }

  /** Which end of the connection the socket is. */
  public enum Role {
    /** Sent the SYN: the client. */
    ACTIVE,
    /** Accepted the connection: the server. */
    PASSIVE,
    /** Not known (a socket that predates the tracer, seen by the iterator). */
    UNKNOWN
  }

  public SocketRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(remote, "remote");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(command, "command");
    if (bytesSent < 0 || bytesReceived < 0) {
      throw new IllegalArgumentException(
          "byte counts are negative: sent " + bytesSent + ", received " + bytesReceived);
    }
  }
}
