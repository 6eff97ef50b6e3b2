package dev.tcpmap.ebpf.join;

import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.ProcessInfo;
import dev.tcpmap.ebpf.cgroup.ContainerNames;
import dev.tcpmap.ebpf.socket.SocketRecord;

/** What the joiner knows of one socket (one end of a connection). Mutable, joiner-thread only. */
final class SocketEnd {
  final long socket;
  final long netns;
  int pid;
  String command = "";
  long cgroup;
  private ProcessInfo process;

  /** When its handshake began; 0 when not seen. */
  long startNanos;

  /** When it was first seen at all (its start when the start was not seen). */
  final long firstSeenNanos;

  long lastSeenNanos;
  long sent;
  long received;
  int retransmits;
  int srttMicros;
  boolean closed;
  Outcome outcome = Outcome.OPEN;

  SocketEnd(SocketRecord first) {
    this.socket = first.socket();
    this.netns = first.netns();
    this.firstSeenNanos = first.atNanos();
    update(first);
  }

  /** Takes what {@code r} knows; a record that lacks the process or start keeps the earlier one. */
  void update(SocketRecord r) {
    if (r.pid() != 0 && r.pid() != pid) {
      pid = r.pid();
      process = null;
    }
    if (!r.command().isEmpty() && !r.command().equals(command)) {
      // Interned: a few process names are shared by every socket; each record brings a copy.
      command = r.command().intern();
      process = null;
    }
    if (r.cgroup() != 0) {
      cgroup = r.cgroup();
    }
    if (r.startNanos() != 0) {
      startNanos = r.startNanos();
    }
    lastSeenNanos = Math.max(lastSeenNanos, r.atNanos());
    // Totals only grow; an OPENED record carries zeros.
    sent = Math.max(sent, r.bytesSent());
    received = Math.max(received, r.bytesReceived());
    retransmits = Math.max(retransmits, r.retransmits());
    if (r.srttMicros() != 0) {
      srttMicros = r.srttMicros();
    }
  }

  /** When it began: its handshake, else when first seen. */
  long beganNanos() {
    return startNanos != 0 ? startNanos : firstSeenNanos;
  }

  /**
   * Its process, with the container named as {@code containers} knows it now: a container's name
   * may come later than its first connection (the pod's status names its container IDs once they
   * run), so it is asked at every event, and the record is kept while the answer is the same.
   */
  ProcessInfo process(ContainerNames containers) {
    String container = cgroup == 0 ? "" : containers.name(cgroup);
    if (process == null || !process.container().equals(container)) {
      process = new ProcessInfo(pid, command, netns, container);
    }
    return process;
  }
}
