package dev.tcpmap.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The widths a SQLite store keeps rows of: the fine width, the coarse width, and 10 min and 1 h
 * where they are multiples of the width below. Every write adds into one row of each level, so that
 * a range is read as the fewest whole rows, fine at the ends and coarser inward:
 *
 * <pre>
 *   [from ........................................................... to)
 *   |10s|10s| 1 min |  10 min  |====== 1 h ======|=== 1 h ===| 10 min |1 min|10s|
 * </pre>
 *
 * A 24 h range reads at most 5 + 9 + 5 rows per edge at each end and 23 in the middle, instead of
 * 8,640. The coarse level is also the downsampled resolution: folding fine rows into it is deleting
 * them, because it already holds their sums.
 *
 * @param widths ascending, the fine width first; each a multiple of the one before
 * @param coarse the downsampled width: the fine one, or the second of {@code widths}
 */
record Levels(List<Long> widths, long coarse) {

  private static final long[] EXTRA = {600_000L, 3_600_000L};

  /** One whole-bucket piece of a range: rows of {@code width} starting in {@code [from, to)}. */
  record Piece(long width, long from, long to) {}

  Levels {
    widths = List.copyOf(widths);
  }

  static Levels of(StoreConfig config) {
    List<Long> out = new ArrayList<>(List.of(config.fineMillis()));
    if (config.coarseMillis() != config.fineMillis()) {
      out.add(config.coarseMillis());
    }
    for (long w : EXTRA) {
      long last = out.getLast();
      if (w > last && w % last == 0) {
        out.add(w);
      }
    }
    return new Levels(out, config.coarseMillis());
  }

  long fine() {
    return widths.getFirst();
  }

  /** The widths above the coarse one, whose rows may straddle the retention's cut. */
  List<Long> aboveCoarse() {
    return widths.subList(widths.indexOf(coarse) + 1, widths.size());
  }

  /**
   * The rows a merged batch adds into: each fine bucket's row, and the row of each coarser level
   * that contains it, with the span of the data. A bucket in downsampled time (before {@code
   * coarseBefore}) has no fine row left: it goes straight into its coarse bucket, with that span.
   * Summed here, so that an overflow fails before anything is written.
   */
  Map<Slot, Map<StoredEdge, EdgeSums>> rows(
      Map<Slot, Map<StoredEdge, Counters>> merged, long coarseBefore) {
    Map<Slot, Map<StoredEdge, EdgeSums>> out = new TreeMap<>();
    merged.forEach(
        (slot, edges) -> {
          boolean folded = coarse != fine() && slot.start() < coarseBefore;
          long first = folded ? StoreConfig.floor(slot.start(), coarse) : slot.start();
          long last = first + (folded ? coarse : fine());
          for (long width : folded ? widths.subList(1, widths.size()) : widths) {
            Map<StoredEdge, EdgeSums> row =
                out.computeIfAbsent(
                    new Slot(StoreConfig.floor(slot.start(), width), width), s -> new HashMap<>());
            edges.forEach(
                (edge, c) -> row.merge(edge, new EdgeSums(c, first, last), EdgeSums::plus));
          }
        });
    return out;
  }

  /**
   * The pieces of {@code window}, whose ends are multiples of the fine width (and of the coarse
   * width in downsampled time, where no fine rows are left): each level's pieces at both ends walk
   * inward to a multiple of the next width, the coarsest level takes the middle.
   */
  List<Piece> decompose(Window window) {
    List<Piece> out = new ArrayList<>();
    long lo = window.fromMillis();
    long hi = window.toMillis();
    for (int i = 0; i + 1 < widths.size() && lo < hi; i++) {
      long width = widths.get(i);
      long next = widths.get(i + 1);
      long loEnd = Math.min(StoreConfig.ceil(lo, next), hi);
      if (loEnd > lo) {
        out.add(new Piece(width, lo, loEnd));
        lo = loEnd;
      }
      long hiStart = Math.max(StoreConfig.floor(hi, next), lo);
      if (hiStart < hi) {
        out.add(new Piece(width, hiStart, hi));
        hi = hiStart;
      }
    }
    if (lo < hi) {
      out.add(new Piece(widths.getLast(), lo, hi));
    }
    return out;
  }
}
