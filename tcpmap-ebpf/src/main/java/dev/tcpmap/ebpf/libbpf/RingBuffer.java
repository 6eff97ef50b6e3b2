package dev.tcpmap.ebpf.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.tcpmap.linux.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;

/**
 * A libbpf ring buffer consumer ({@code struct ring_buffer}) over one {@code BPF_MAP_TYPE_RINGBUF}
 * map. Records are handed to a {@link Sample} on the polling thread, which must be a platform
 * thread (the callback is a native upcall). Not thread-safe: poll from one thread.
 *
 * <pre>
 *   poll(timeout): epoll_wait ─▶ process ring ─▶ consume ─▶ return delivered
 *                                    │ each record: Sample.accept(copy it out!)
 *                                    └ after {@code batch} records: callback returns -1 (stop)
 * </pre>
 *
 * libbpf 1.1 loops until the ring is empty, which under sustained load may be never ({@code
 * ring_buffer__consume_n} came in 1.5), so the callback stops it after {@code batch} records; the
 * record that stops it is already consumed and delivered.
 */
public final class RingBuffer implements AutoCloseable {
  private static final int EINTR = 4;
  private static final int STOP = -1;

  /** Receives one record. The segment is valid only during the call: copy what you keep. */
  @FunctionalInterface
  public interface Sample {
    void accept(MemorySegment record);
  }

  private static final MethodHandle CALLBACK = callbackHandle();

  private final Libbpf lib;
  private final Arena arena;
  private final MemorySegment ring;
  private final Sample sample;
  private final int batch;
  private int delivered;
  private Throwable failure;
  private boolean closed;

  @SuppressWarnings("restricted") // the upcall stub lives in this ring buffer's arena
  private RingBuffer(Libbpf lib, BpfMap map, Sample sample, int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be positive: " + batch);
    }
    this.lib = lib;
    this.sample = sample;
    this.batch = batch;
    this.arena = Arena.ofShared();
    try {
      MemorySegment stub =
          Linker.nativeLinker()
              .upcallStub(
                  CALLBACK.bindTo(this),
                  FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG),
                  arena);
      MemorySegment state = Libc.callState(arena);
      this.ring =
          (MemorySegment)
              lib.ringBufferNew.invokeExact(
                  state, map.fd(), stub, MemorySegment.NULL, MemorySegment.NULL);
      if (ring.equals(MemorySegment.NULL)) {
        throw lib.failure(
            BpfException.Kind.RING_BUFFER_FAILED,
            Libc.errno(state),
            "cannot create a ring buffer on map '" + map.name() + "'");
      }
    } catch (Throwable t) {
      arena.close();
      throw Libc.rethrow(t);
    }
  }

  /**
   * Creates the consumer of {@code map}'s records.
   *
   * @param batch most records delivered by one {@link #poll} call
   */
  public static RingBuffer open(Libbpf lib, BpfMap map, Sample sample, int batch) {
    return new RingBuffer(lib, map, sample, batch);
  }

  /**
   * Waits up to {@code timeout} for records, then takes what is pending (with batched wakeups the
   * wait often only times out), delivering at most {@code batch} records.
   *
   * @return records delivered
   * @throws BpfException {@link BpfException.Kind#RING_BUFFER_FAILED} if libbpf fails
   * @throws RuntimeException whatever the {@link Sample} threw (after libbpf returned)
   */
  public int poll(Duration timeout) {
    if (closed) {
      throw new IllegalStateException("ring buffer is closed");
    }
    delivered = 0;
    failure = null;
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis()));
    try {
      int rc = (int) lib.ringBufferPoll.invokeExact(ring, millis);
      check(rc, "poll");
      if (failure == null && delivered < batch) {
        check((int) lib.ringBufferConsume.invokeExact(ring), "consume");
      }
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
    if (failure != null) {
      throw Libc.rethrow(failure);
    }
    return delivered;
  }

  private void check(int rc, String call) {
    // -1 is our own stop signal (batch full or a failing sample); -EINTR is a signal: no records.
    if (rc >= 0 || rc == STOP || rc == -EINTR) {
      return;
    }
    throw lib.failure(
        BpfException.Kind.RING_BUFFER_FAILED, -rc, "ring_buffer__" + call + " failed");
  }

  /** {@code int (*ring_buffer_sample_fn)(void *ctx, void *data, size_t size)}. Never throws. */
  @SuppressWarnings({"unused", "restricted"}) // called from native; data is valid for size bytes
  private int callback(MemorySegment context, MemorySegment data, long size) {
    try {
      sample.accept(data.reinterpret(size));
      delivered++;
      return delivered >= batch ? STOP : 0;
    } catch (Throwable t) {
      failure = t;
      return STOP;
    }
  }

  private static MethodHandle callbackHandle() {
    try {
      return MethodHandles.lookup()
          .findVirtual(
              RingBuffer.class,
              "callback",
              MethodType.methodType(
                  int.class, MemorySegment.class, MemorySegment.class, long.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Frees the consumer, then the arena of its callback stub (libbpf must not call it after). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      lib.free(lib.ringBufferFree, ring);
    } finally {
      arena.close();
    }
  }
}
