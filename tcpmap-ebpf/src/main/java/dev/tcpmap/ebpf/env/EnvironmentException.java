package dev.tcpmap.ebpf.env;

import dev.tcpmap.ebpf.libbpf.BpfException;

/**
 * The host cannot run the socket tracer: an old kernel, no BTF, missing capabilities, no libbpf, no
 * tracefs. The message names what is missing and how to fix it; print it, not the stack trace.
 */
public final class EnvironmentException extends BpfException {
  private static final long serialVersionUID = 1L;

  public EnvironmentException(String message) {
    super(Kind.ENVIRONMENT, 0, message);
  }
}
