package dev.tcpmap.ebpf.tracer;

import dev.tcpmap.ebpf.env.Preflight;
import dev.tcpmap.ebpf.libbpf.BpfException;
import dev.tcpmap.ebpf.libbpf.BpfLink;
import dev.tcpmap.ebpf.libbpf.BpfMap;
import dev.tcpmap.ebpf.libbpf.BpfObject;
import dev.tcpmap.ebpf.libbpf.Libbpf;
import dev.tcpmap.ebpf.libbpf.RingBuffer;
import dev.tcpmap.ebpf.socket.SocketRecord;
import dev.tcpmap.ebpf.socket.SocketSource;
import dev.tcpmap.linux.Libc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The eBPF socket tracer: {@code tracer.bpf.o} (src/main/c) loaded through libbpf, attached to the
 * tracepoint {@code sock/inet_sock_set_state} (as a BTF raw tracepoint) and a kretprobe on {@code
 * inet_csk_accept} (or the accept system call tracepoints where there are no kprobes), its ring
 * buffer read by {@link #poll}, its {@code iter/tcp} program run by {@link #iterate}.
 *
 * <p>Threading: {@link #poll} from one platform thread; {@link #iterate} and {@link #losses} from
 * any thread, also while a poll runs; {@link #close} waits for a running poll or iteration.
 */
public final class SocketTracer implements SocketSource {
  private static final String OBJECT = "tracer.bpf.o";
  private static final String KRETPROBE = "on_accept";
  private static final String ACCEPT4_EXIT = "on_accept4_exit";
  private static final String ACCEPT_EXIT = "on_accept_exit";
  private static final List<String> ACCEPT_PROGRAMS = List.of(KRETPROBE, ACCEPT4_EXIT, ACCEPT_EXIT);
  private static final int AGAIN = 11;
  private static final int INTERRUPTED = 4;
  private static final String[] COUNTERS = {"ring-buffer-full", "untracked-close", "emitted"};
  private static final List<String> LOSSES =
      // untracked-close is not one: it also counts sockets that predate the tracer, which lose
      // nothing. The joiner, which knows those from the first iteration, counts the evicted ones.
      List.of("ring-buffer-full", "tracepoint-recursion");

  /**
   * How the tracer is sized.
   *
   * @param maxSockets entries of the per-socket state map (an LRU: beyond it the least recently
   *     used socket loses its start and process)
   * @param ringBufferBytes size of the ring buffer, a power of two and a multiple of the page size
   * @param wakeupBytes pending bytes before the kernel wakes the poller (0: every event); below it
   *     records wait for the poll timeout, past it the poller is woken at most once a millisecond
   * @param batch most records one {@link #poll} delivers (libbpf 1.1 would otherwise never return
   *     under sustained load)
   * @param maxTargets 0: every socket is traced; else only those of the cgroups given to {@link
   *     #target} (at most this many)
   */
  public record Options(
      int maxSockets, int ringBufferBytes, int wakeupBytes, int batch, int maxTargets) {
    /** Tracing every socket. */
    public Options(int maxSockets, int ringBufferBytes, int wakeupBytes, int batch) {
      this(maxSockets, ringBufferBytes, wakeupBytes, batch, 0);
    }

    /** These options, tracing only the sockets of at most {@code maxTargets} targeted cgroups. */
    public Options targeting(int maxTargets) {
      if (maxTargets < 1) {
        throw new IllegalArgumentException("maxTargets must be positive: " + maxTargets);
      }
      return new Options(maxSockets, ringBufferBytes, wakeupBytes, batch, maxTargets);
    }

    public Options {
      if (maxTargets < 0) {
        throw new IllegalArgumentException("maxTargets must not be negative: " + maxTargets);
      }
      if (maxSockets < 1) {
        throw new IllegalArgumentException("maxSockets must be positive: " + maxSockets);
      }
      if (ringBufferBytes < 4096 || Integer.bitCount(ringBufferBytes) != 1) {
        throw new IllegalArgumentException(
            "ringBufferBytes must be a power of two of at least 4096: " + ringBufferBytes);
      }
      if (wakeupBytes < 0 || wakeupBytes > ringBufferBytes) {
        throw new IllegalArgumentException(
            "wakeupBytes must be within the ring buffer: " + wakeupBytes);
      }
      if (batch < 1) {
        throw new IllegalArgumentException("batch must be positive: " + batch);
      }
    }
  }

  private final Libbpf lib;
  private final BpfObject object;
  private final BpfMap counters;
  private final List<String> attached;
  private final RingBuffer ring;
  private final Object pollLock = new Object();
  private final Object iterateLock = new Object();
  private final int maxTargets;
  private final BpfMap targets;
  private final Object targetLock = new Object();
  private Set<Long> targeted = Set.of();
  private Consumer<SocketRecord> sink;
  private BpfLink iterator;
  private volatile boolean closed;
  private boolean namespaceWarning;

  private SocketTracer(
      Libbpf lib, BpfObject object, List<String> attached, int batch, int maxTargets) {
    this.lib = lib;
    this.maxTargets = maxTargets;
    this.targets = object.map("targets");
    this.object = object;
    this.attached = List.copyOf(attached);
    this.counters = object.map("counters");
    this.ring = RingBuffer.open(lib, object.map("events"), this::deliver, batch);
  }

  /**
   * Checks the host ({@link Preflight}), loads and attaches the programs, and opens the ring
   * buffer.
   *
   * @throws BpfException with a message for the user when the host or the kernel says no
   */
  public static SocketTracer open(Options options) {
    Preflight.check();
    Libbpf lib = Libbpf.load();
    BpfObject object = BpfObject.open(lib, objectBytes(), "tcpmap_tracer");
    try {
      object.map("socks").setMaxEntries(options.maxSockets());
      object.map("events").setMaxEntries(options.ringBufferBytes());
      object.map("targets").setMaxEntries(Math.max(options.maxTargets(), 1));
      // struct tcpmap_settings (tracer.h): wakeup_bytes, targeting.
      MemorySegment rodata = object.map(".rodata").initialValue();
      if (rodata.byteSize() != 2 * Long.BYTES) {
        throw new BpfException(
            BpfException.Kind.BAD_OBJECT,
            0,
            "tracer.bpf.o: .rodata should hold only struct tcpmap_settings, has "
                + rodata.byteSize()
                + " bytes");
      }
      rodata.set(ValueLayout.JAVA_LONG, 0, options.wakeupBytes());
      rodata.set(ValueLayout.JAVA_LONG, Long.BYTES, options.maxTargets() > 0 ? 1 : 0);
      List<String> accept = acceptPrograms();
      for (String program : ACCEPT_PROGRAMS) {
        object.setAutoload(program, accept.contains(program));
      }
      object.load();
      List<String> attached = new ArrayList<>(List.of("on_state"));
      attached.addAll(accept);
      attached.forEach(object::attach);
      return new SocketTracer(lib, object, attached, options.batch(), options.maxTargets());
    } catch (RuntimeException e) {
      object.close();
      throw e;
    }
  }

  @Override
  public int poll(Duration timeout, Consumer<SocketRecord> consumer) {
    synchronized (pollLock) {
      ensureOpen();
      sink = consumer;
      try {
        return ring.poll(timeout);
      } finally {
        sink = null;
      }
    }
  }

  private void deliver(MemorySegment event) {
    if (event.byteSize() != SocketEvent.SIZE) {
      throw new IllegalStateException(
          "ring buffer record of " + event.byteSize() + " bytes, expected " + SocketEvent.SIZE);
    }
    sink.accept(SocketEvent.decode(event));
  }

  @Override
  public List<SocketRecord> iterate() {
    List<SocketRecord> records = new ArrayList<>();
    iterate(records::add);
    return records;
  }

  /**
   * Runs the iterator in every network namespace a process on the host is in (the iterator sees
   * only the namespace it is created in), entering each with {@code setns} on this thread and
   * coming back before anything else runs here. Namespaces it may not enter (no CAP_SYS_ADMIN
   * there) are skipped, said once on stderr.
   */
  @Override
  public void iterate(Consumer<SocketRecord> sink) {
    synchronized (iterateLock) {
      ensureOpen();
      if (iterator == null) {
        iterator = object.attach("dump_tcp");
      }
      List<Integer> fds = new ArrayList<>();
      try {
        fds.add(iterator.createIterator());
        fds.addAll(iteratorsInOtherNamespaces());
        for (int i = 0; i < fds.size(); i++) {
          int fd = fds.set(i, -1);
          readAll(fd, sink);
        }
      } finally {
        fds.stream().filter(fd -> fd >= 0).forEach(Libc::close);
      }
    }
  }

  private List<Integer> iteratorsInOtherNamespaces() {
    Path self = Path.of("/proc/thread-self/ns/net");
    long own = NetworkNamespaces.inode(self).orElse(-1);
    List<Integer> fds = new ArrayList<>();
    int home = Libc.openReadOnly(self.toString());
    if (home < 0) {
      warnOnce("cannot open " + self + " (" + lib.strerror(-home) + ")");
      return fds;
    }
    try {
      for (NetworkNamespaces.Namespace ns : NetworkNamespaces.list(Path.of("/proc"))) {
        if (ns.inode() == own) {
          continue;
        }
        int target = Libc.openReadOnly(ns.path().toString());
        if (target < 0) {
          continue; // the process is gone
        }
        try {
          int rc = Libc.setNetworkNamespace(target);
          if (rc < 0) {
            warnOnce(
                "cannot enter the network namespace of "
                    + ns.path()
                    + " ("
                    + lib.strerror(-rc)
                    + ")");
            continue;
          }
          try {
            fds.add(iterator.createIterator());
          } finally {
            int back = Libc.setNetworkNamespace(home);
            if (back < 0) {
              // This thread would now see another namespace: not recoverable here.
              throw new IllegalStateException(
                  "socket iterator: cannot return to its network namespace: "
                      + lib.strerror(-back));
            }
          }
        } finally {
          Libc.close(target);
        }
      }
    } finally {
      Libc.close(home);
    }
    return fds;
  }

  private void warnOnce(String why) {
    if (!namespaceWarning) {
      namespaceWarning = true;
      System.err.println(
          "tcpmap: the socket iterator sees only its own network namespace: "
              + why
              + "; live bytes of connections in other namespaces show when they close"
              + " (CAP_SYS_ADMIN lets the agent enter them)");
    }
  }

  /**
   * Reads an iterator to its end, decoding records as they come (a host with 200k sockets makes 24
   * MB of them: never held whole), then closes it. A read may end inside a record; the rest comes
   * with the next.
   */
  private void readAll(int fd, Consumer<SocketRecord> sink) {
    try (Arena arena = Arena.ofConfined()) {
      long size = SocketEvent.SIZE * 512L;
      MemorySegment buffer = arena.allocate(size);
      long filled = 0;
      while (true) {
        long n = Libc.read(fd, buffer.asSlice(filled, size - filled));
        if (n == -INTERRUPTED || n == -AGAIN) {
          continue;
        }
        if (n < 0) {
          throw lib.failure(
              BpfException.Kind.ITERATOR_FAILED, (int) -n, "reading the socket iterator failed");
        }
        if (n == 0) {
          if (filled != 0) {
            throw new BpfException(
                BpfException.Kind.ITERATOR_FAILED,
                0,
                "socket iterator ended inside a record (" + filled + " bytes left)");
          }
          return;
        }
        filled += n;
        long whole = filled - filled % SocketEvent.SIZE;
        for (long at = 0; at < whole; at += SocketEvent.SIZE) {
          sink.accept(SocketEvent.decode(buffer.asSlice(at, SocketEvent.SIZE)));
        }
        MemorySegment.copy(buffer, whole, buffer, 0, filled - whole);
        filled -= whole;
      }
    } finally {
      Libc.close(fd);
    }
  }

  /**
   * Replaces the targeted cgroups: the entries of the BPF map "targets" that are no longer wanted
   * go first, then the new ones; sockets of a cgroup no longer targeted stop being traced (their
   * closes are not reported), those of a new one are traced from their next state change.
   *
   * @throws IllegalArgumentException for more than {@code maxTargets} cgroups (the map is left as
   *     it was)
   */
  @Override
  public void target(Set<Long> cgroups) {
    if (maxTargets == 0) {
      throw new UnsupportedOperationException("the socket tracer was opened without targeting");
    }
    if (cgroups.size() > maxTargets) {
      throw new IllegalArgumentException(
          cgroups.size() + " cgroups to target, more than the tracer's " + maxTargets);
    }
    synchronized (targetLock) {
      ensureOpen();
      for (long gone : targeted) {
        if (!cgroups.contains(gone)) {
          targets.delete(gone);
        }
      }
      for (long cgroup : cgroups) {
        if (!targeted.contains(cgroup)) {
          targets.put(cgroup, (byte) 1);
        }
      }
      targeted = Set.copyOf(cgroups);
    }
  }

  @Override
  public Map<String, Long> losses() {
    Map<String, Long> all = counters();
    Map<String, Long> losses = new LinkedHashMap<>();
    for (String reason : LOSSES) {
      long value = all.getOrDefault(reason, 0L);
      if (value > 0) {
        losses.put(reason, value);
      }
    }
    return losses;
  }

  /**
   * Every BPF-side counter summed over CPUs, zeros included: the loss reasons of {@link #losses}
   * and {@code emitted}, the events the programs tried to put into the ring buffer (so that
   * delivered + ring-buffer-full = emitted). {@code tracepoint-recursion} counts the runs the
   * kernel skipped (a program re-entered on one CPU; for the classic accept tracepoints, any kprobe
   * or tracepoint program running on the CPU): each may have been an event (or the start of a
   * socket, which then closes as untracked).
   */
  public Map<String, Long> counters() {
    ensureOpen();
    Map<String, Long> result = new LinkedHashMap<>();
    for (int i = 0; i < COUNTERS.length; i++) {
      long sum = 0;
      for (long value : counters.lookupPerCpuLongs(i)) {
        sum += value;
      }
      result.put(COUNTERS[i], sum);
    }
    long misses = 0;
    for (String program : attached) {
      misses += object.recursionMisses(program);
    }
    result.put("tracepoint-recursion", misses);
    return result;
  }

  @Override
  public void close() {
    synchronized (pollLock) {
      synchronized (iterateLock) {
        synchronized (targetLock) {
          if (closed) {
            return;
          }
          closed = true;
          try {
            ring.close();
          } finally {
            object.close();
          }
        }
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("socket tracer is closed");
    }
  }

  /**
   * The kretprobe on inet_csk_accept where the kernel has kprobes (the perf "kprobe" PMU), else the
   * exits of accept(2) and accept4(2): some kernels are built without CONFIG_KPROBES.
   */
  private static List<String> acceptPrograms() {
    return Files.exists(Preflight.KPROBE_PMU)
        ? List.of(KRETPROBE)
        : List.of(ACCEPT4_EXIT, ACCEPT_EXIT);
  }

  private static byte[] objectBytes() {
    try (InputStream in = SocketTracer.class.getResourceAsStream(OBJECT)) {
      if (in == null) {
        throw new BpfException(
            BpfException.Kind.BAD_OBJECT,
            0,
            OBJECT + " is not on the class path: the build compiles it from src/main/c");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
