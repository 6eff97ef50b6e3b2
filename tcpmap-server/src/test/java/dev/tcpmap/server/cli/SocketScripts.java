package dev.tcpmap.server.cli;

import static dev.tcpmap.ebpf.FakeSocketSource.record;

import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.ebpf.socket.SocketRecord;
import dev.tcpmap.ebpf.socket.SocketRecord.Kind;
import dev.tcpmap.ebpf.socket.SocketRecord.Role;

/** Sockets the scripted source plays to the agent in its tests. */
final class SocketScripts {
  private SocketScripts() {}

  /**
   * A connection older than the agent, as the socket iterator finds it: {@code java} (pid 300) at
   * 10.0.0.1:52000 to 10.0.0.9:443, open, 700 bytes sent and 9000 received so far. Made when asked
   * for: its time is now on the monotonic clock.
   */
  static SocketRecord liveJava() {
    return record(
        Kind.LIVE,
        5,
        "10.0.0.1",
        52_000,
        "10.0.0.9",
        443,
        Role.UNKNOWN,
        700,
        9000,
        Outcome.OPEN,
        300,
        "java");
  }
}
