package dev.tcpmap.ebpf;

import dev.tcpmap.core.source.SourceUnavailableException;
import dev.tcpmap.ebpf.libbpf.BpfException;
import dev.tcpmap.ebpf.socket.SocketSource;
import dev.tcpmap.ebpf.tracer.SocketTracer;

/**
 * The production source: the eBPF socket tracer of {@code tcpmap-ebpf}. Its environment errors
 * (each with a one-line message saying what is missing) and load failures become {@link
 * SourceUnavailableException}.
 */
public final class TracerSourceFactory implements SocketSourceFactory {

  @Override
  public SocketSource open(SocketTracer.Options options) {
    try {
      return SocketTracer.open(options);
    } catch (BpfException e) {
      throw new SourceUnavailableException(e.getMessage(), e);
    }
  }
}
