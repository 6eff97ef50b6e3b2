package dev.tcpmap.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowCacheTest {

  private static final long HOUR = 3_600_000L;

  @Test
  void put_pastTheBound_dropsTheLeastRecentlyUsedBuckets() {
    RowCache cache = new RowCache(5);
    put(cache, 2, 0, 1);
    assertThat(cache.get(slot(0))).isNotNull();

    cache.put(slot(2), rows(2), 0);

    assertThat(held(cache, 1, 0, 2)).containsExactly(0, 2);
    assertThat(cache.rows()).isEqualTo(4);
  }

  @Test
  void put_afterACommitSinceTheRead_isRefused() {
    RowCache cache = new RowCache(100);
    long readAt = cache.generation();

    cache.invalidate(List.of(slot(7)));
    cache.put(slot(0), rows(1), readAt);

    assertThat(cache.get(slot(0))).isNull();
    cache.put(slot(0), rows(1), cache.generation());
    assertThat(cache.get(slot(0))).isNotNull();
  }

  @Test
  void invalidate_removesExactlyTheWrittenBuckets() {
    RowCache cache = new RowCache(100);
    put(cache, 3, 0, 1);

    cache.invalidate(List.of(slot(1), new Slot(0, 600_000L)));

    assertThat(held(cache, 0, 1)).containsExactly(0);
    assertThat(cache.rows()).isEqualTo(3);
  }

  @Test
  void put_bucketLargerThanTheBound_isNotKept() {
    RowCache cache = new RowCache(2);

    cache.put(slot(0), rows(3), 0);

    assertThat(cache.get(slot(0))).isNull();
    assertThat(cache.rows()).isZero();
  }

  @Test
  void new_negativeBound_isRejected() {
    assertThatThrownBy(() -> new RowCache(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cache rows must not be negative: -1");
  }

  /** Puts a bucket of {@code rowsEach} rows for each hour, read before any commit. */
  private static void put(RowCache cache, int rowsEach, int... hours) {
    for (int hour : hours) {
      cache.put(slot(hour), rows(rowsEach), 0);
    }
  }

  /** Which of these hours' buckets the cache holds, asked for in this order. */
  private static List<Integer> held(RowCache cache, int... hours) {
    List<Integer> held = new ArrayList<>();
    for (int hour : hours) {
      if (cache.get(slot(hour)) != null) {
        held.add(hour);
      }
    }
    return held;
  }

  private static Slot slot(int hour) {
    return new Slot(hour * HOUR, HOUR);
  }

  private static RowCache.Rows rows(int n) {
    long[] ids = new long[n];
    byte[][] blobs = new byte[n][];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
      blobs[i] = new byte[] {0, 0};
    }
    return new RowCache.Rows(ids, blobs);
  }
}
