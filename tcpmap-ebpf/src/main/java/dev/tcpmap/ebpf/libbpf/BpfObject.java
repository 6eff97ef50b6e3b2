package dev.tcpmap.ebpf.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.tcpmap.linux.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A BPF ELF object opened from memory, and what hangs off it: maps, programs, links. Owns one arena
 * holding the object's bytes (libbpf keeps pointing into them while the object lives) and the
 * strings passed to libbpf. Not thread-safe: configure, load and attach from one thread.
 *
 * <p>Lifecycle: {@link #open} → {@link #map}{@code .setMaxEntries}/initial values → {@link #load} →
 * {@link #attach} → {@link #close} (destroys the links, then the object, then the arena).
 */
public final class BpfObject implements AutoCloseable {
  /** The prefix of {@code struct bpf_object_open_opts} we fill: {@code sz}, {@code object_name}. */
  private static final long OPEN_OPTS_SIZE = 16;

  /** {@code struct bpf_prog_info} of linux/bpf.h (6.x: 232 bytes) and its recursion_misses. */
  private static final long PROG_INFO_SIZE = 232;

  private static final long RECURSION_MISSES = 208;

  private final Libbpf lib;
  private final Arena arena;
  private final MemorySegment object;
  private final String name;
  private final List<BpfLink> links = new ArrayList<>();
  private boolean closed;

  private BpfObject(Libbpf lib, Arena arena, MemorySegment object, String name) {
    this.lib = lib;
    this.arena = arena;
    this.object = object;
    this.name = name;
  }

  /**
   * Opens (parses, does not load) an object from its ELF bytes.
   *
   * @throws BpfException {@link BpfException.Kind#BAD_OBJECT} when libbpf rejects the bytes
   */
  public static BpfObject open(Libbpf lib, byte[] elf, String name) {
    Arena arena = Arena.ofShared();
    try {
      MemorySegment bytes = arena.allocate(elf.length, 8);
      MemorySegment.copy(elf, 0, bytes, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, elf.length);
      MemorySegment opts = arena.allocate(OPEN_OPTS_SIZE, 8);
      opts.set(JAVA_LONG, 0, OPEN_OPTS_SIZE);
      opts.set(ADDRESS, 8, arena.allocateFrom(name));
      MemorySegment state = Libc.callState(arena);
      Libbpf.clearRecentLog();
      MemorySegment object =
          (MemorySegment) lib.objectOpenMem.invokeExact(state, bytes, (long) elf.length, opts);
      if (object.equals(MemorySegment.NULL)) {
        throw failure(
            lib, BpfException.Kind.BAD_OBJECT, state, "cannot open the BPF object '" + name + "'");
      }
      return new BpfObject(lib, arena, object, name);
    } catch (Throwable t) {
      arena.close();
      throw Libc.rethrow(t);
    }
  }

  /**
   * Finds a map, including the internal ones by section name ({@code .rodata}, {@code .bss}).
   *
   * @throws BpfException {@link BpfException.Kind#NO_SUCH_MAP}
   */
  public BpfMap map(String mapName) {
    MemorySegment map = find(lib.findMap, mapName, BpfException.Kind.NO_SUCH_MAP, "map");
    return new BpfMap(lib, map, mapName);
  }

  /**
   * Loads every program and creates every map in the kernel.
   *
   * @throws BpfException {@link BpfException.Kind#LOAD_FAILED} with libbpf's last log lines (the
   *     verifier's complaint, a missing kernel type)
   */
  public void load() {
    try {
      Libbpf.clearRecentLog();
      int rc = (int) lib.objectLoad.invokeExact(object);
      if (rc < 0) {
        String hint =
            -rc == 1 || -rc == 13
                ? " (needs root or CAP_BPF, CAP_PERFMON, CAP_DAC_READ_SEARCH)"
                : "";
        throw lib.failure(
            BpfException.Kind.LOAD_FAILED,
            -rc,
            "cannot load the BPF object '" + name + "'",
            hint + logTail());
      }
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /**
   * Chooses whether {@link #load} loads a program (all do by default). For alternatives of which
   * the kernel supports only some, such as a kretprobe and an fexit program on one function.
   *
   * @throws BpfException {@link BpfException.Kind#NO_SUCH_PROGRAM}
   */
  public void setAutoload(String program, boolean autoload) {
    MemorySegment prog = program(program);
    try {
      int rc = (int) lib.programSetAutoload.invokeExact(prog, autoload);
      if (rc < 0) {
        throw lib.failure(
            BpfException.Kind.LOAD_FAILED, -rc, "cannot change whether '" + program + "' loads");
      }
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /**
   * How often the kernel skipped a loaded program because a BPF program was already running on that
   * CPU ({@code bpf_prog_info.recursion_misses}, Linux 5.12+). A classic tracepoint program is
   * skipped when it fires while any tracing program runs on the CPU (an interrupt's softirq in the
   * middle of one): those events are lost, and this is their only trace.
   *
   * @throws BpfException {@link BpfException.Kind#NO_SUCH_PROGRAM}, {@link
   *     BpfException.Kind#MAP_FAILED} if the kernel does not answer
   */
  public long recursionMisses(String program) {
    MemorySegment prog = program(program);
    try (Arena call = Arena.ofConfined()) {
      int fd = (int) lib.programFd.invokeExact(prog);
      MemorySegment info = call.allocate(PROG_INFO_SIZE, 8);
      MemorySegment length =
          call.allocateFrom(java.lang.foreign.ValueLayout.JAVA_INT, (int) PROG_INFO_SIZE);
      int rc = fd < 0 ? fd : (int) lib.objGetInfoByFd.invokeExact(fd, info, length);
      if (rc < 0) {
        throw lib.failure(
            BpfException.Kind.MAP_FAILED, -rc, "cannot read the statistics of '" + program + "'");
      }
      // an older kernel fills less: no field, no misses it could count
      int filled = length.get(java.lang.foreign.ValueLayout.JAVA_INT, 0);
      return filled >= RECURSION_MISSES + Long.BYTES ? info.get(JAVA_LONG, RECURSION_MISSES) : 0;
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /**
   * Attaches a program where its section name says (tracepoint, kretprobe, iterator). The link is
   * destroyed by {@link #close} unless closed earlier.
   *
   * @throws BpfException {@link BpfException.Kind#NO_SUCH_PROGRAM}, {@link
   *     BpfException.Kind#ATTACH_FAILED}
   */
  public BpfLink attach(String program) {
    MemorySegment prog = program(program);
    try (Arena call = Arena.ofConfined()) {
      MemorySegment state = Libc.callState(call);
      Libbpf.clearRecentLog();
      MemorySegment link = (MemorySegment) lib.programAttach.invokeExact(state, prog);
      if (link.equals(MemorySegment.NULL)) {
        throw failure(
            lib,
            BpfException.Kind.ATTACH_FAILED,
            state,
            "cannot attach the BPF program '" + program + "'");
      }
      BpfLink result = new BpfLink(lib, link, program);
      links.add(result);
      return result;
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /** Destroys the links, then the object (its maps and programs), then frees the bytes. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (BpfLink link : links) {
      link.close();
    }
    try {
      lib.free(lib.objectClose, object);
    } finally {
      arena.close();
    }
  }

  private MemorySegment program(String program) {
    return find(lib.findProgram, program, BpfException.Kind.NO_SUCH_PROGRAM, "program");
  }

  private MemorySegment find(
      java.lang.invoke.MethodHandle finder, String what, BpfException.Kind kind, String noun) {
    if (closed) {
      throw new IllegalStateException("BPF object '" + name + "' is closed");
    }
    try (Arena call = Arena.ofConfined()) {
      MemorySegment state = Libc.callState(call);
      MemorySegment found =
          (MemorySegment) finder.invokeExact(state, object, call.allocateFrom(what));
      if (found.equals(MemorySegment.NULL)) {
        throw new BpfException(
            kind,
            Libc.errno(state),
            "the BPF object '" + name + "' has no " + noun + " '" + what + "'");
      }
      return found;
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /**
   * The failure of a call that returned NULL: the errno it left in {@code state}, and libbpf's last
   * log lines.
   */
  private static BpfException failure(
      Libbpf lib, BpfException.Kind kind, MemorySegment state, String what) {
    return lib.failure(kind, Libc.errno(state), what, logTail());
  }

  /** The last few lines libbpf logged, where the real reason usually is. */
  private static String logTail() {
    List<String> lines = Libbpf.recentLog();
    if (lines.isEmpty()) {
      return "";
    }
    List<String> tail = lines.subList(Math.max(0, lines.size() - 6), lines.size());
    return "\n  libbpf: " + String.join("\n  libbpf: ", tail);
  }
}
