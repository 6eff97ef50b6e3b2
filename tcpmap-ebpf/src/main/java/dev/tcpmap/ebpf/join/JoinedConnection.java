package dev.tcpmap.ebpf.join;

import dev.tcpmap.core.model.ProcessInfo;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.ebpf.cgroup.ContainerNames;
import dev.tcpmap.ebpf.socket.SocketRecord.Role;
import java.time.Instant;

/** One connection being joined: its ends on this host, and where it is in its life. */
final class JoinedConnection {

  enum State {
    /** Alive (at least one end seen open or live, none closed). */
    OPEN,
    /** One end closed; its partner's close is awaited until {@code deadlineNanos}. */
    HELD,
    /**
     * Reported closed while the partner end lingers (CLOSE_WAIT): kept only to swallow the
     * partner's late close and its live records.
     */
    REPORTED
  }

  final ConnKey key;
  SocketEnd client;
  SocketEnd server;
  State state = State.OPEN;
  long deadlineNanos;

  /** The start given in ConnectionOpened (null until announced); later events repeat it. */
  Instant announcedStart;

  boolean startSeen;

  /**
   * The totals of the last progress event (client view; an opening implies zeros), to send one only
   * when they changed.
   */
  long reportedSent;

  long reportedReceived;

  JoinedConnection(ConnKey key) {
    this.key = key;
  }

  SocketEnd end(Role role) {
    return role == Role.ACTIVE ? client : server;
  }

  void setEnd(Role role, SocketEnd end) {
    if (role == Role.ACTIVE) {
      client = end;
    } else {
      server = end;
    }
  }

  SocketEnd other(Role role) {
    return role == Role.ACTIVE ? server : client;
  }

  /** The end whose numbers describe the connection: the client's when it is on the host. */
  SocketEnd viewEnd() {
    return client != null ? client : server;
  }

  /** The end that started first as far as known: the client's handshake, else the server's. */
  SocketEnd startEnd() {
    if (client != null && (client.startNanos != 0 || server == null || server.startNanos == 0)) {
      return client;
    }
    return server;
  }

  SocketDetails details(ContainerNames containers) {
    SocketEnd view = viewEnd();
    return new SocketDetails(
        client == null ? ProcessInfo.UNKNOWN : client.process(containers),
        server == null ? ProcessInfo.UNKNOWN : server.process(containers),
        view.retransmits,
        view.srttMicros);
  }
}
