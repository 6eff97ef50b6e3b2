package dev.tcpmap.ebpf.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.tcpmap.linux.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Downcall handles to the part of libbpf 1.x the tracer uses. libbpf 1.x reports errors as {@code
 * -errno} from functions returning int and as NULL plus errno from functions returning pointers;
 * the latter are linked with errno capture. Instances are immutable and thread-safe; the objects
 * built on them ({@link BpfObject}, {@link RingBuffer}) are not.
 */
public final class Libbpf {
  private static final MethodHandle VSNPRINTF =
      Libc.handle(
          "vsnprintf",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT,
              ValueLayout.ADDRESS,
              ValueLayout.JAVA_LONG,
              ValueLayout.ADDRESS,
              ValueLayout.ADDRESS));

  /** The runtime name: the unversioned libbpf.so exists only with the -dev package. */
  public static final String LIBRARY = "libbpf.so.1";

  private static final Linker LINKER = Linker.nativeLinker();
  private static final int LIBBPF_WARN = 0;
  private static final int LIBBPF_INFO = 1;
  private static final System.Logger LOG = System.getLogger("dev.tcpmap.ebpf.libbpf");
  private static final int RECENT_LINES = 40;
  private static final ArrayDeque<String> RECENT = new ArrayDeque<>();
  private static volatile Libbpf instance;

  final MethodHandle objectOpenMem;
  final MethodHandle objectLoad;
  final MethodHandle objectClose;
  final MethodHandle findProgram;
  final MethodHandle programAttach;
  final MethodHandle programSetAutoload;
  final MethodHandle programFd;
  final MethodHandle objGetInfoByFd;
  final MethodHandle findMap;
  final MethodHandle mapSetMaxEntries;
  final MethodHandle mapInitialValue;
  final MethodHandle mapFd;
  final MethodHandle mapLookupElem;
  final MethodHandle mapUpdateElem;
  final MethodHandle mapDeleteElem;
  final MethodHandle ringBufferNew;
  final MethodHandle ringBufferPoll;
  final MethodHandle ringBufferConsume;
  final MethodHandle ringBufferFree;
  final MethodHandle linkDestroy;
  final MethodHandle linkFd;
  final MethodHandle iterCreate;
  private final MethodHandle strerror;
  private final MethodHandle numPossibleCpus;
  private final MethodHandle setPrint;

  private Libbpf(SymbolLookup lookup) {
    objectOpenMem = withErrno(lookup, "bpf_object__open_mem", ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
    objectLoad = plain(lookup, "bpf_object__load", JAVA_INT, ADDRESS);
    objectClose = plainVoid(lookup, "bpf_object__close", ADDRESS);
    findProgram = withErrno(lookup, "bpf_object__find_program_by_name", ADDRESS, ADDRESS, ADDRESS);
    programAttach = withErrno(lookup, "bpf_program__attach", ADDRESS, ADDRESS);
    programSetAutoload =
        plain(lookup, "bpf_program__set_autoload", JAVA_INT, ADDRESS, ValueLayout.JAVA_BOOLEAN);
    programFd = plain(lookup, "bpf_program__fd", JAVA_INT, ADDRESS);
    objGetInfoByFd = plain(lookup, "bpf_obj_get_info_by_fd", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    findMap = withErrno(lookup, "bpf_object__find_map_by_name", ADDRESS, ADDRESS, ADDRESS);
    mapSetMaxEntries = plain(lookup, "bpf_map__set_max_entries", JAVA_INT, ADDRESS, JAVA_INT);
    mapInitialValue = plain(lookup, "bpf_map__initial_value", ADDRESS, ADDRESS, ADDRESS);
    mapFd = plain(lookup, "bpf_map__fd", JAVA_INT, ADDRESS);
    mapLookupElem = plain(lookup, "bpf_map_lookup_elem", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    mapUpdateElem =
        plain(lookup, "bpf_map_update_elem", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
    mapDeleteElem = plain(lookup, "bpf_map_delete_elem", JAVA_INT, JAVA_INT, ADDRESS);
    ringBufferNew =
        withErrno(lookup, "ring_buffer__new", ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    ringBufferPoll = plain(lookup, "ring_buffer__poll", JAVA_INT, ADDRESS, JAVA_INT);
    ringBufferConsume = plain(lookup, "ring_buffer__consume", JAVA_INT, ADDRESS);
    ringBufferFree = plainVoid(lookup, "ring_buffer__free", ADDRESS);
    linkDestroy = plain(lookup, "bpf_link__destroy", JAVA_INT, ADDRESS);
    linkFd = plain(lookup, "bpf_link__fd", JAVA_INT, ADDRESS);
    iterCreate = plain(lookup, "bpf_iter_create", JAVA_INT, JAVA_INT);
    strerror = plain(lookup, "libbpf_strerror", JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG);
    numPossibleCpus = plain(lookup, "libbpf_num_possible_cpus", JAVA_INT);
    setPrint = plain(lookup, "libbpf_set_print", ADDRESS, ADDRESS);
  }

  /**
   * Loads {@value #LIBRARY} once per JVM and routes libbpf's log into {@link #recentLog()} and the
   * {@code dev.tcpmap.ebpf.libbpf} logger (debug level: it is noisy and mostly harmless).
   *
   * @throws BpfException {@link BpfException.Kind#LIBRARY_MISSING} when it cannot be loaded
   */
  public static Libbpf load() {
    Libbpf loaded = instance;
    if (loaded == null) {
      synchronized (Libbpf.class) {
        loaded = instance;
        if (loaded == null) {
          loaded = load(LIBRARY);
          loaded.installLog();
          instance = loaded;
        }
      }
    }
    return loaded;
  }

  /**
   * Loads libbpf from the library {@code name}, without installing the log callback. The same code
   * path as {@link #load()}; tests use it with names that do not exist.
   */
  @SuppressWarnings("restricted") // loading libbpf is what this binding is for
  public static Libbpf load(String name) {
    SymbolLookup lookup;
    try {
      // The global arena: libbpf stays loaded while the JVM runs (its log stub points into it).
      lookup = SymbolLookup.libraryLookup(name, Arena.global());
    } catch (IllegalArgumentException e) {
      throw new BpfException(
          BpfException.Kind.LIBRARY_MISSING,
          0,
          "cannot load "
              + name
              + ": the socket tracer needs libbpf 1.x (Debian/Ubuntu: apt-get install libbpf1;"
              + " Fedora/RHEL: dnf install libbpf)");
    }
    try {
      return new Libbpf(lookup);
    } catch (java.util.NoSuchElementException e) {
      throw new BpfException(
          BpfException.Kind.LIBRARY_MISSING,
          0,
          name + " lacks a function the tracer needs (" + e.getMessage() + "): need libbpf 1.0+");
    }
  }

  /** libbpf's text for a positive error number, including its own codes (4000 and up). */
  public String strerror(int errno) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(256);
      int rc = (int) strerror.invokeExact(errno, buffer, 256L);
      return rc < 0 ? Libc.strerror(errno) : buffer.getString(0);
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /**
   * The exception for a failed call: {@code what} failed, then libbpf's text for the (positive)
   * {@code errno}.
   */
  public BpfException failure(BpfException.Kind kind, int errno, String what) {
    return failure(kind, errno, what, "");
  }

  /**
   * As {@link #failure(BpfException.Kind, int, String)}, with {@code detail} (a hint, a log tail)
   * after the text.
   */
  public BpfException failure(BpfException.Kind kind, int errno, String what, String detail) {
    return new BpfException(kind, errno, what + ": " + strerror(errno) + detail);
  }

  /** Calls a destructor of libbpf's, {@code void f(void *)}, on {@code pointer}. */
  void free(MethodHandle destructor, MemorySegment pointer) {
    try {
      destructor.invokeExact(pointer);
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /** Detaches and frees a {@code struct bpf_link}. */
  void destroy(MemorySegment link) {
    try {
      int rc = (int) linkDestroy.invokeExact(link);
      assert rc <= 0;
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /** The kernel's possible CPUs: the number of values in a per-CPU map entry. */
  public int possibleCpus() {
    try {
      int n = (int) numPossibleCpus.invokeExact();
      if (n <= 0) {
        throw failure(BpfException.Kind.MAP_FAILED, -n, "cannot count possible CPUs");
      }
      return n;
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /** The last lines libbpf logged at warning or info level, oldest first. */
  public static List<String> recentLog() {
    synchronized (RECENT) {
      return List.copyOf(RECENT);
    }
  }

  /** Forgets {@link #recentLog()}, so a failure message shows only its own lines. */
  static void clearRecentLog() {
    synchronized (RECENT) {
      RECENT.clear();
    }
  }

  @SuppressWarnings("restricted") // the stub lives in the global arena, as libbpf may call it
  private void installLog() {
    try {
      MethodHandle target =
          MethodHandles.lookup()
              .findStatic(
                  Libbpf.class,
                  "print",
                  MethodType.methodType(
                      int.class, int.class, MemorySegment.class, MemorySegment.class));
      MemorySegment stub =
          LINKER.upcallStub(
              target, FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), Arena.global());
      MemorySegment previous = (MemorySegment) setPrint.invokeExact(stub);
      assert previous != null;
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /**
   * libbpf's print callback: {@code int (*)(enum libbpf_print_level, const char *fmt, va_list)}. On
   * x86-64 a va_list argument is a pointer, which vsnprintf takes as is. Must not throw: an
   * exception escaping an upcall ends the JVM.
   */
  @SuppressWarnings("unused") // called from native code
  private static int print(int level, MemorySegment format, MemorySegment args) {
    if (level > LIBBPF_INFO) {
      return 0;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(1024);
      int n = (int) VSNPRINTF.invokeExact(buffer, 1024L, format, args);
      if (n <= 0) {
        return 0;
      }
      String line = buffer.getString(0).stripTrailing();
      if (line.startsWith("libbpf: ")) {
        line = line.substring("libbpf: ".length());
      }
      synchronized (RECENT) {
        if (RECENT.size() == RECENT_LINES) {
          RECENT.removeFirst();
        }
        RECENT.addLast(line);
      }
      LOG.log(level == LIBBPF_WARN ? System.Logger.Level.DEBUG : System.Logger.Level.TRACE, line);
    } catch (Throwable t) {
      // Nothing sensible to do with a failure to log a log line.
    }
    return 0;
  }

  @SuppressWarnings("restricted") // libbpf functions, declared as in libbpf.h/bpf.h 1.x
  private static MethodHandle plain(
      SymbolLookup lookup,
      String name,
      java.lang.foreign.MemoryLayout result,
      java.lang.foreign.MemoryLayout... args) {
    return LINKER.downcallHandle(find(lookup, name), FunctionDescriptor.of(result, args));
  }

  @SuppressWarnings("restricted") // libbpf functions, declared as in libbpf.h 1.x
  private static MethodHandle plainVoid(
      SymbolLookup lookup, String name, java.lang.foreign.MemoryLayout... args) {
    return LINKER.downcallHandle(find(lookup, name), FunctionDescriptor.ofVoid(args));
  }

  @SuppressWarnings("restricted") // pointer-returning libbpf functions report errors via errno
  private static MethodHandle withErrno(
      SymbolLookup lookup,
      String name,
      java.lang.foreign.MemoryLayout result,
      java.lang.foreign.MemoryLayout... args) {
    return LINKER.downcallHandle(
        find(lookup, name),
        FunctionDescriptor.of(result, args),
        Linker.Option.captureCallState("errno"));
  }

  private static MemorySegment find(SymbolLookup lookup, String name) {
    return lookup.find(name).orElseThrow(() -> new java.util.NoSuchElementException(name));
  }
}
