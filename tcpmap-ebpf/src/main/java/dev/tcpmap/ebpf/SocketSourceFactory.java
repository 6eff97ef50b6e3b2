package dev.tcpmap.ebpf;

import dev.tcpmap.core.source.SourceUnavailableException;
import dev.tcpmap.ebpf.socket.SocketSource;
import dev.tcpmap.ebpf.tracer.SocketTracer;

/**
 * Opens the agent's socket source: the eBPF socket tracer in production, a scripted source in
 * tests.
 */
@FunctionalInterface
public interface SocketSourceFactory {
  /**
   * Opens (loads, attaches) a source with these sizes ({@code tracer.*}).
   *
   * @throws SourceUnavailableException when this host cannot run it (privileges, kernel, library),
   *     with a message saying what is missing and how to fix it
   */
  SocketSource open(SocketTracer.Options options);
}
