package dev.tcpmap.store;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * A row's counters and data span as one SQLite BLOB, because reading 35 integer columns costs 35
 * JNI calls per row (2.2 µs; one BLOB is one call) and most of the 24 bins are zero.
 *
 * <pre>
 *   varint(first - bucket) varint(last - bucket) varint(opened) … varint(durationMax) varint(h0) … varint(h23)
 *   \______ span of the fine/coarse buckets that held data ______/ \______ 35 counters, Counters order ______/
 * </pre>
 *
 * Varints are unsigned LEB128 (7 bits a byte, low first): every value is non-negative, and the span
 * offsets are relative to the row's own bucket so that they stay small.
 */
final class CountersBlob {

  /** Values per blob: the span's two offsets, then the counters. */
  static final int VALUES = 2 + Counters.VALUES;

  /** The index of durationMaxNanos among the values, which adds as a maximum. */
  private static final int MAX = 2 + Counters.MAX_INDEX;

  private CountersBlob() {}

  /** The blob of a row of {@code bucket} holding {@code sums}. */
  static byte[] encode(long bucket, EdgeSums sums) {
    long[] counters = sums.counters().values();
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    write(out, sums.firstMillis() - bucket);
    write(out, sums.lastMillis() - bucket);
    for (long v : counters) {
      write(out, v);
    }
    return out.toByteArray();
  }

  /** Both rows of the same bucket and edge summed: the upsert's combine. */
  static byte[] plus(byte[] a, byte[] b) {
    long[] values = new long[VALUES];
    decode(a, values);
    long[] other = new long[VALUES];
    decode(b, other);
    values[0] = Math.min(values[0], other[0]);
    values[1] = Math.max(values[1], other[1]);
    addInto(values, other, 2);
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + 8);
    for (long v : values) {
      write(out, v);
    }
    return out.toByteArray();
  }

  /** Adds counters {@code from} index {@code start} on into {@code into}; overflow throws. */
  static void addInto(long[] into, long[] values, int start) {
    for (int i = start; i < VALUES; i++) {
      into[i] = i == MAX ? Math.max(into[i], values[i]) : Math.addExact(into[i], values[i]);
    }
  }

  /**
   * Decodes all {@value #VALUES} values into {@code out}. Most are below 128, one byte: that case
   * goes first, since a 24 h query decodes some 200,000 blobs.
   */
  static void decode(byte[] blob, long[] out) {
    int pos = 0;
    for (int i = 0; i < VALUES; i++) {
      if (pos >= blob.length) {
        throw malformed(pos);
      }
      long b = blob[pos++];
      if (b >= 0) {
        out[i] = b;
        continue;
      }
      long v = b & 0x7F;
      for (int shift = 7; ; shift += 7) {
        if (pos >= blob.length || shift > 63) {
          throw malformed(pos);
        }
        b = blob[pos++];
        v |= (b & 0x7F) << shift;
        if (b >= 0) {
          break;
        }
      }
      out[i] = v;
    }
  }

  private static IllegalStateException malformed(int pos) {
    return new IllegalStateException("malformed counters blob at byte " + pos);
  }

  private static void write(ByteArrayOutputStream out, long v) {
    if (v < 0) {
      throw new IllegalArgumentException("negative value in a counters blob: " + v);
    }
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  /**
   * Rows summed per edge id as they are read, without a {@code GROUP BY}: SQLite's sort of the rows
   * by edge cost more than the sums. Spans before {@code boundary} (downsampled time) are widened
   * to the coarse width, as the fine rows they came from were folded into coarse ones.
   */
  static final class Sums {
    private final long boundary;
    private final long coarse;
    private final Map<Long, long[]> sums = new HashMap<>();
    private final long[] row = new long[VALUES];

    Sums(long boundary, long coarse) {
      this.boundary = boundary;
      this.coarse = coarse;
    }

    void add(long edgeId, long bucket, byte[] blob) {
      decode(blob, row);
      long first = bucket + row[0];
      long last = bucket + row[1];
      if (first < boundary) {
        first = StoreConfig.floor(first, coarse);
      }
      if (last <= boundary) {
        last = StoreConfig.ceil(last, coarse);
      }
      long[] sum = sums.computeIfAbsent(edgeId, id -> new long[VALUES]);
      sum[0] = sum[0] == 0 && sum[1] == 0 ? first : Math.min(sum[0], first);
      sum[1] = Math.max(sum[1], last);
      addInto(sum, row, 2);
    }

    /** Adds everything {@code other} summed (same boundary and width) into this. */
    void addAll(Sums other) {
      other.sums.forEach(
          (id, theirs) -> {
            long[] sum = sums.get(id);
            if (sum == null) {
              sums.put(id, theirs.clone());
              return;
            }
            sum[0] = Math.min(sum[0], theirs[0]);
            sum[1] = Math.max(sum[1], theirs[1]);
            addInto(sum, theirs, 2);
          });
    }

    /** Each edge id's sums over the span of the rows that held them. */
    Map<Long, EdgeSums> byEdgeId() {
      Map<Long, EdgeSums> out = new HashMap<>();
      sums.forEach(
          (id, sum) -> out.put(id, new EdgeSums(Counters.fromValues(sum, 2), sum[0], sum[1])));
      return out;
    }
  }
}
