package dev.tcpmap.ebpf.libbpf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.tcpmap.linux.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A map of a {@link BpfObject}. Sizing and initial values must be set before the object loads;
 * lookups need it loaded. Valid while its object is open.
 */
public final class BpfMap {
  private static final int NO_ENTRY = 2; // ENOENT
  private final Libbpf lib;
  private final MemorySegment map;
  private final String name;

  BpfMap(Libbpf lib, MemorySegment map, String name) {
    this.lib = lib;
    this.map = map;
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Sets {@code max_entries} (for a ring buffer: its size in bytes, a power of two). */
  public void setMaxEntries(int entries) {
    try {
      int rc = (int) lib.mapSetMaxEntries.invokeExact(map, entries);
      if (rc < 0) {
        throw failure(-rc, "cannot set max_entries of map '" + name + "' to " + entries);
      }
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /**
   * The initial contents of a global data map ({@code .rodata}, {@code .data}), writable until the
   * object loads: how {@code const volatile} variables are set from user space.
   */
  @SuppressWarnings("restricted") // libbpf returns the map's mmap-ed initial value and its size
  public MemorySegment initialValue() {
    try (Arena call = Arena.ofConfined()) {
      MemorySegment size = call.allocate(JAVA_LONG);
      MemorySegment value = (MemorySegment) lib.mapInitialValue.invokeExact(map, size);
      if (value.equals(MemorySegment.NULL)) {
        throw failure(0, "map '" + name + "' has no initial value");
      }
      return value.reinterpret(size.get(JAVA_LONG, 0));
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  public int fd() {
    try {
      int fd = (int) lib.mapFd.invokeExact(map);
      if (fd < 0) {
        throw failure(-fd, "map '" + name + "' is not loaded");
      }
      return fd;
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /**
   * Reads one entry of a per-CPU map of u64 values: one value per possible CPU. The kernel copies
   * each CPU's value into an 8-byte-aligned slot, so the buffer is possible CPUs × 8.
   */
  public long[] lookupPerCpuLongs(int key) {
    int cpus = lib.possibleCpus();
    try (Arena call = Arena.ofConfined()) {
      MemorySegment keySegment = call.allocateFrom(JAVA_INT, key);
      MemorySegment values = call.allocate(JAVA_LONG, cpus);
      int rc = (int) lib.mapLookupElem.invokeExact(fd(), keySegment, values);
      if (rc < 0) {
        throw failure(-rc, "cannot read key " + key + " of map '" + name + "'");
      }
      return values.toArray(JAVA_LONG);
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /** Sets the entry {@code key} of a hash map of u64 keys and u8 values to {@code value}. */
  public void put(long key, byte value) {
    try (Arena call = Arena.ofConfined()) {
      MemorySegment k = call.allocateFrom(JAVA_LONG, key);
      MemorySegment v = call.allocateFrom(JAVA_BYTE, value);
      int rc = (int) lib.mapUpdateElem.invokeExact(fd(), k, v, 0L);
      if (rc < 0) {
        throw failure(-rc, "cannot set key " + key + " of map '" + name + "'");
      }
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  /** Deletes the entry {@code key} of a map of u64 keys; one that is not there is no error. */
  public void delete(long key) {
    try (Arena call = Arena.ofConfined()) {
      MemorySegment k = call.allocateFrom(JAVA_LONG, key);
      int rc = (int) lib.mapDeleteElem.invokeExact(fd(), k);
      if (rc < 0 && rc != -NO_ENTRY) {
        throw failure(-rc, "cannot delete key " + key + " of map '" + name + "'");
      }
    } catch (Throwable t) {
      throw Libc.rethrow(t);
    }
  }

  private BpfException failure(int errno, String what) {
    return errno == 0
        ? new BpfException(BpfException.Kind.MAP_FAILED, 0, what)
        : lib.failure(BpfException.Kind.MAP_FAILED, errno, what);
  }
}
