package dev.tcpmap.ebpf.join;

import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.ebpf.socket.SocketRecord;
import dev.tcpmap.ebpf.socket.SocketRecord.Role;

/**
 * What both ends of one connection on the host have in common: the 4-tuple seen from the client,
 * and for loopback addresses the network namespace. 127.0.0.1:5000 in one namespace is not
 * 127.0.0.1:5000 in another, so loopback ends pair only within their namespace; any other address
 * names one host, and its two ends are usually in different namespaces (a container and the host,
 * two veth peers), so the namespace is left out ({@code scope} 0).
 */
record ConnKey(IpAddress client, int clientPort, IpAddress server, int serverPort, long scope) {

  /**
   * The key of the connection {@code record}'s socket is one end of, that end being {@code role}.
   */
  static ConnKey of(SocketRecord record, Role role) {
    long scope = record.local().isLoopback() || record.remote().isLoopback() ? record.netns() : 0;
    return role == Role.PASSIVE
        ? new ConnKey(
            record.remote(), record.remotePort(), record.local(), record.localPort(), scope)
        : new ConnKey(
            record.local(), record.localPort(), record.remote(), record.remotePort(), scope);
  }
}
