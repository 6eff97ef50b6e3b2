package dev.tcpmap.ebpf.libbpf;

import dev.tcpmap.linux.NativeException;

/**
 * A libbpf call or the environment it needs failed. The message is meant for the user as is: what
 * failed, why (libbpf's or the C library's text for {@link #errno()}), and where there is one, the
 * fix. Callers print the message, never the stack trace.
 */
public class BpfException extends NativeException {
  private static final long serialVersionUID = 1L;

  /** What failed. */
  public enum Kind {
    /** libbpf.so.1 (or another native library) cannot be loaded. */
    LIBRARY_MISSING,
    /** The object file is not a BPF ELF object libbpf can open. */
    BAD_OBJECT,
    /** The kernel (verifier) or libbpf refused to load the object. */
    LOAD_FAILED,
    /** The object has no program of that name. */
    NO_SUCH_PROGRAM,
    /** The object has no map of that name. */
    NO_SUCH_MAP,
    /** A program could not be attached (missing tracepoint or function, no permission). */
    ATTACH_FAILED,
    /** A map could not be configured or read. */
    MAP_FAILED,
    /** The ring buffer could not be created or polled. */
    RING_BUFFER_FAILED,
    /** An iterator could not be created or read. */
    ITERATOR_FAILED,
    /** The host lacks something the tracer needs (kernel, BTF, capabilities, tracefs). */
    ENVIRONMENT
  }

  public BpfException(Kind kind, int errno, String message) {
    super(kind, errno, message);
  }

  @Override
  public Kind kind() {
    return (Kind) super.kind();
  }
}
