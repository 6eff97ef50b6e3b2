package dev.tcpmap.kubernetes.index;

import dev.tcpmap.core.model.IpAddress;

/** A TCP port on a node's address, declared by a pod on the host network. */
record HostPort(IpAddress ip, int port) {}
