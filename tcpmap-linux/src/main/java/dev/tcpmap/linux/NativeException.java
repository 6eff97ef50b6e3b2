package dev.tcpmap.linux;

/**
 * A native call, or the host it needs, refused something. The message is meant for the user as is:
 * what failed, the C library's (or the native library's) text for {@link #errno()}, and where there
 * is one, the fix. Callers print the message, never the stack trace.
 *
 * <p>Each native module throws its own subclass with its own enum of what failed; a subclass
 * narrows {@link #kind()} to that enum. (Java has no generic exceptions, hence the narrowing cast.)
 */
public abstract class NativeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Enum<?> kind;
  private final int errno;

  protected NativeException(Enum<?> kind, int errno, String message) {
    super(message);
    this.kind = kind;
    this.errno = errno;
  }

  /** What failed, from the subclass's enum. */
  public Enum<?> kind() {
    return kind;
  }

  /** The positive error number of the failed call, 0 when there was none. */
  public int errno() {
    return errno;
  }
}
