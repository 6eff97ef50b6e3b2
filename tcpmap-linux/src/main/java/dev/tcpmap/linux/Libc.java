package dev.tcpmap.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library calls tcpmap's native modules share ({@code read}, {@code close}, {@code open},
 * {@code setns}, {@code mount}, {@code strerror_r}) and the means to bind more: {@link
 * #errnoHandle} for a call whose errno matters, captured by the linker since the JVM may overwrite
 * it. Calls that fail return {@code -errno}.
 */
public final class Libc {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  private static final MethodHandle READ =
      errnoHandle("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle CLOSE =
      errnoHandle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle MOUNT =
      errnoHandle(
          "mount", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
  private static final MethodHandle OPEN =
      errnoHandle(
          "open",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle SETNS =
      errnoHandle("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle STRERROR =
      handle("strerror_r", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG));

  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;
  private static final int CLONE_NEWNET = 0x40000000;

  private Libc() {}

  /** {@code read(2)}: bytes read, 0 at end of file, or {@code -errno}. */
  public static long read(int fd, MemorySegment buffer) {
    return call((arena, state) -> (long) READ.invokeExact(state, fd, buffer, buffer.byteSize()));
  }

  /** {@code close(2)}: 0 or {@code -errno}. */
  public static int close(int fd) {
    return (int) call((arena, state) -> (int) CLOSE.invokeExact(state, fd));
  }

  /** {@code open(2)} read-only and close-on-exec: a file descriptor or {@code -errno}. */
  public static int openReadOnly(String path) {
    return (int)
        call(
            (arena, state) ->
                (int) OPEN.invokeExact(state, arena.allocateFrom(path), O_RDONLY | O_CLOEXEC, 0));
  }

  /**
   * {@code setns(2)} into the network namespace {@code fd} refers to: 0 or {@code -errno}. Moves
   * only the calling thread.
   */
  public static int setNetworkNamespace(int fd) {
    return (int) call((arena, state) -> (int) SETNS.invokeExact(state, fd, CLONE_NEWNET));
  }

  /** {@code mount(2)} without flags or data: 0 or {@code -errno}. */
  public static int mount(String source, String target, String type) {
    return (int)
        call(
            (arena, state) ->
                (int)
                    MOUNT.invokeExact(
                        state,
                        arena.allocateFrom(source),
                        arena.allocateFrom(target),
                        arena.allocateFrom(type),
                        0L,
                        MemorySegment.NULL));
  }

  /** The C library's text for a (positive) errno, e.g. "Operation not permitted". */
  @SuppressWarnings("restricted") // reinterpret: strerror_r returns a NUL-terminated string
  public static String strerror(int errno) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(256);
      // GNU strerror_r returns a pointer to the text, which may or may not be the buffer.
      MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno, buffer, 256L);
      return text.reinterpret(Long.MAX_VALUE).getString(0);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** A segment for the call state of one call through an {@link #errnoHandle}. */
  public static MemorySegment callState(Arena arena) {
    return arena.allocate(CAPTURE);
  }

  /** The errno a call through an {@link #errnoHandle} left in {@code state}. */
  public static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  /** A C library function; its errno is not kept. */
  @SuppressWarnings("restricted") // the C library is part of every JVM process on Linux
  public static MethodHandle handle(String name, FunctionDescriptor descriptor) {
    return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
  }

  /**
   * A C library function whose errno is captured: it takes a {@link #callState} segment as its
   * first argument.
   */
  @SuppressWarnings("restricted") // the C library is part of every JVM process on Linux
  public static MethodHandle errnoHandle(
      String name, FunctionDescriptor descriptor, Linker.Option... more) {
    Linker.Option[] options = java.util.Arrays.copyOf(more, more.length + 1);
    options[more.length] = Linker.Option.captureCallState("errno");
    return LINKER.downcallHandle(
        LINKER.defaultLookup().find(name).orElseThrow(), descriptor, options);
  }

  /**
   * One call through an {@link #errnoHandle}: {@code state} is its call state, and {@code arena}
   * holds its arguments for the duration of the call.
   */
  @FunctionalInterface
  public interface ErrnoCall {
    long invoke(Arena arena, MemorySegment state) throws Throwable;
  }

  /**
   * Makes one call in a confined arena of its own and returns its result, or {@code -errno} when
   * the result is negative: for the C library's calls that return -1 and set errno on failure, and
   * a count, a file descriptor or 0 on success.
   */
  public static long call(ErrnoCall call) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = callState(arena);
      long result = call.invoke(arena, state);
      return result < 0 ? -errno(state) : result;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** What a {@code catch (Throwable)} around {@code invokeExact} rethrows. */
  public static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException e) {
      return e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }
}
