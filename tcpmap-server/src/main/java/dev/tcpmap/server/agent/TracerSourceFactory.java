package dev.tcpmap.server.agent;

import dev.tcpmap.core.config.TcpmapConfig;
import dev.tcpmap.ebpf.socket.SocketSource;

/**
 * The production source: the eBPF socket tracer of {@code tcpmap-ebpf}. Its environment errors
 * (each with a one-line message saying what is missing) become {@link SourceUnavailableException}.
 */
public final class TracerSourceFactory implements SocketSourceFactory {

  @Override
  public SocketSource open(TcpmapConfig config) {
    // INTEGRATION HOOK: replace this line with
    //   try { return dev.tcpmap.ebpf.tracer.SocketTracer.open(config); }
    //   catch (dev.tcpmap.ebpf.env.EnvironmentException e) {
    //     throw new SourceUnavailableException(e.getMessage(), e); }
    throw new SourceUnavailableException("the eBPF socket tracer is not part of this build");
  }
}
