package dev.tcpmap.capture.track;

import dev.tcpmap.capture.decode.TcpSegment;
import java.util.Arrays;

/**
 * Open-addressing hash table of flows keyed by the unordered 4-tuple, in one {@code long[]} so that
 * finding a packet's flow allocates nothing and touches one or two cache lines.
 *
 * <pre>
 * slot s = t[PAD + 16·s .. PAD + 16·s + 15]
 *   first cache line (every packet)          second cache line (payload, FIN, RST)
 *   0 A high    1 A low    2 B high          8 close time    9 client origin  10 client lo
 *   3 B low     4 ports    5 state           11 client hi   12 server origin  13 server lo
 *   6 start     7 last packet                14 server hi   15 (unused)
 * ports = v6 &lt;&lt; 32 | A port &lt;&lt; 16 | B port;  state == 0 means the slot is empty
 * </pre>
 *
 * <p>Endpoint A is the source of the packet that created the entry; {@link #find} reports in {@link
 * #srcIsA} which way round the packet it looked up goes. The hash is symmetric (the sum of the two
 * endpoints' mixed hashes, salted per table against crafted collisions), so no normalisation of the
 * tuple is needed. Linear probing at most half full while the table can still grow, and at most 3/4
 * full at its final size; deletion shifts later entries back (Knuth, TAOCP vol. 3, 6.4 Algorithm
 * R), so no deleted markers lengthen the probes. {@code PAD} puts slots on 64-byte lines when the
 * array itself is aligned, as large (humongous) arrays are in G1.
 *
 * <p>Offsets returned by {@link #find} and {@link #insert} stay valid until the next {@link
 * #insert} or {@link #remove}. Single-threaded.
 */
final class FlowTable {
  static final int A_HIGH = 0;
  static final int A_LOW = 1;
  static final int B_HIGH = 2;
  static final int B_LOW = 3;
  static final int PORTS = 4;
  static final int STATE = 5;
  static final int START = 6;
  static final int LAST = 7;
  static final int CLOSE = 8;
  static final int CLIENT = 9;
  static final int SERVER = 12;

  private static final int SHIFT = 4;
  private static final int PAD = 14;
  private static final int MIN_SLOTS = 1024;
  private static final long V6 = 1L << 32;

  private final int maxSlots;
  private final long salt;
  private long[] t;
  private int mask;
  private int size;

  /** Set by {@link #find}: whether the segment's source is endpoint A of the entry found. */
  boolean srcIsA;

  FlowTable(int maxEntries, long salt) {
    long wanted = Math.max(MIN_SLOTS, (long) maxEntries * 4 / 3);
    this.maxSlots = (int) (Long.highestOneBit(wanted - 1) << 1);
    this.salt = salt;
    allocate(Math.min(MIN_SLOTS, maxSlots));
  }

  long[] array() {
    return t;
  }

  int size() {
    return size;
  }

  int slots() {
    return mask + 1;
  }

  /** Array offset of slot number {@code slot}. */
  static int offset(int slot) {
    return PAD + (slot << SHIFT);
  }

  /** The entry's offset, or -1. Sets {@link #srcIsA}. */
  int find(TcpSegment s) {
    long[] t = this.t;
    long v6 = s.v6 ? V6 : 0;
    long forward = v6 | (s.srcPort & 0xFFFFL) << 16 | (s.dstPort & 0xFFFF);
    long reverse = v6 | (s.dstPort & 0xFFFFL) << 16 | (s.srcPort & 0xFFFF);
    int slot = home(s.srcHigh, s.srcLow, s.srcPort, s.dstHigh, s.dstLow, s.dstPort);
    while (true) {
      int at = offset(slot);
      if (t[at + STATE] == 0) {
        return -1;
      }
      long ports = t[at + PORTS];
      if (ports == forward
          && t[at + A_LOW] == s.srcLow
          && t[at + B_LOW] == s.dstLow
          && t[at + A_HIGH] == s.srcHigh
          && t[at + B_HIGH] == s.dstHigh) {
        srcIsA = true;
        return at;
      }
      if (ports == reverse
          && t[at + A_LOW] == s.dstLow
          && t[at + B_LOW] == s.srcLow
          && t[at + A_HIGH] == s.dstHigh
          && t[at + B_HIGH] == s.srcHigh) {
        srcIsA = false;
        return at;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Offset of the slot where a lookup of this segment starts (for {@link #touch}). */
  int homeOffset(TcpSegment s) {
    return offset(home(s.srcHigh, s.srcLow, s.srcPort, s.dstHigh, s.dstLow, s.dstPort));
  }

  /** Reads both cache lines of the slot at {@code at}, to have them in the cache soon. */
  long touch(int at) {
    return t[at + STATE] + t[at + CLOSE];
  }

  /**
   * Adds an entry for a segment whose flow is not in the table, with A = its source, and returns
   * its offset; the caller fills the other words and must set a non-zero state. The caller keeps
   * the entry count within the table's capacity (by evicting).
   */
  int insert(TcpSegment s) {
    if (size >= slots() / 2 && slots() < maxSlots) {
      grow();
    }
    int at = freeOffset(home(s.srcHigh, s.srcLow, s.srcPort, s.dstHigh, s.dstLow, s.dstPort));
    t[at + A_HIGH] = s.srcHigh;
    t[at + A_LOW] = s.srcLow;
    t[at + B_HIGH] = s.dstHigh;
    t[at + B_LOW] = s.dstLow;
    t[at + PORTS] = (s.v6 ? V6 : 0) | (s.srcPort & 0xFFFFL) << 16 | (s.dstPort & 0xFFFF);
    size++;
    srcIsA = true;
    return at;
  }

  /**
   * Removes the entry at {@code at}, shifting back later entries of its probe run.
   *
   * @return whether another entry moved into {@code at} (a sweep must look at it again)
   */
  boolean remove(int at) {
    int hole = (at - PAD) >>> SHIFT;
    int j = hole;
    boolean refilled = false;
    while (true) {
      j = (j + 1) & mask;
      int from = offset(j);
      if (t[from + STATE] == 0) {
        break;
      }
      int home = homeOfEntry(from);
      // The entry at j may move into the hole if the hole lies cyclically in [home, j).
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        System.arraycopy(t, from, t, offset(hole), 1 << SHIFT);
        refilled |= offset(hole) == at;
        hole = j;
      }
    }
    Arrays.fill(t, offset(hole), offset(hole) + (1 << SHIFT), 0L);
    size--;
    return refilled;
  }

  /** Drops every entry; keeps the capacity (a tracker used again needs it again). */
  void clear() {
    Arrays.fill(t, 0L);
    size = 0;
  }

  private void allocate(int slots) {
    t = new long[offset(slots)];
    mask = slots - 1;
    size = 0;
  }

  private void grow() {
    long[] old = t;
    int oldSlots = slots();
    allocate(oldSlots * 2);
    for (int slot = 0; slot < oldSlots; slot++) {
      int from = offset(slot);
      if (old[from + STATE] != 0) {
        System.arraycopy(old, from, t, freeOffset(homeOfEntry(old, from)), 1 << SHIFT);
        size++;
      }
    }
  }

  private int freeOffset(int slot) {
    while (t[offset(slot) + STATE] != 0) {
      slot = (slot + 1) & mask;
    }
    return offset(slot);
  }

  private int homeOfEntry(int at) {
    return homeOfEntry(t, at);
  }

  private int homeOfEntry(long[] table, int at) {
    long ports = table[at + PORTS];
    return home(
        table[at + A_HIGH],
        table[at + A_LOW],
        (int) (ports >>> 16) & 0xFFFF,
        table[at + B_HIGH],
        table[at + B_LOW],
        (int) ports & 0xFFFF);
  }

  private int home(long aHigh, long aLow, int aPort, long bHigh, long bLow, int bPort) {
    long h = endpointHash(aHigh, aLow, aPort) + endpointHash(bHigh, bLow, bPort);
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private long endpointHash(long high, long low, int port) {
    return mix((low ^ salt) + high * 0x9E37_79B9_7F4A_7C15L + (port & 0xFFFFL) * 0x1_0000_0001L);
  }

  /** MurmurHash3's 64-bit finaliser. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xFF51_AFD7_ED55_8CCDL;
    h ^= h >>> 33;
    h *= 0xC4CE_B9FE_1A85_EC53L;
    return h ^ (h >>> 33);
  }
}
