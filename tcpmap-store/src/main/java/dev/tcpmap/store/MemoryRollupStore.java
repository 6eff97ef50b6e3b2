package dev.tcpmap.store;

import dev.tcpmap.core.model.Endpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link RollupStore} in sorted maps: the same semantics as {@link SqliteRollupStore}, without
 * persistence. Its memory is bounded by what the retention keeps: about (buckets kept) × (edges
 * active per bucket) rows of some 400 bytes.
 */
public final class MemoryRollupStore implements RollupStore {

  private final StoreConfig config;
  private final NavigableMap<Slot, Map<StoredEdge, Counters>> rows = new TreeMap<>();
  private long coarseBefore = Long.MIN_VALUE;
  private boolean closed;

  public MemoryRollupStore(StoreConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public synchronized void write(Collection<Rollup> batch) {
    open();
    Map<Slot, Map<StoredEdge, Counters>> merged = Buckets.merge(batch, config.fineMillis());
    // Sum into copies first: an overflow must leave the store as it was.
    Map<Slot, Map<StoredEdge, Counters>> updated = new HashMap<>();
    merged.forEach(
        (fine, edges) -> {
          // Late into downsampled time: straight into the coarse bucket, as maintain would fold it.
          Slot slot =
              fine.start() < coarseBefore
                  ? new Slot(
                      StoreConfig.floor(fine.start(), config.coarseMillis()), config.coarseMillis())
                  : fine;
          Map<StoredEdge, Counters> target =
              new HashMap<>(updated.getOrDefault(slot, rows.getOrDefault(slot, Map.of())));
          edges.forEach((edge, counters) -> target.merge(edge, counters, Counters::plus));
          updated.put(slot, target);
        });
    rows.putAll(updated);
  }

  @Override
  public synchronized RangeSums query(long fromMillis, long toMillis) {
    open();
    Window requested = Buckets.checked(fromMillis, toMillis);
    Window effective = Buckets.effective(requested, config, coarseBefore);
    Map<StoredEdge, EdgeSums> sums = new HashMap<>();
    rows.subMap(new Slot(effective.fromMillis(), 0), true, new Slot(effective.toMillis(), 0), false)
        .forEach(
            (slot, edges) ->
                edges.forEach(
                    (edge, c) ->
                        sums.merge(
                            edge,
                            new EdgeSums(c, slot.start(), slot.start() + slot.width()),
                            EdgeSums::plus)));
    return new RangeSums(requested, effective, sums);
  }

  @Override
  public synchronized MaintainResult maintain(long nowMillis) {
    open();
    long dropBefore = config.dropBefore(nowMillis);
    long downBefore = Math.max(coarseBefore, config.downsampleBefore(nowMillis));
    NavigableMap<Slot, Map<StoredEdge, Counters>> old =
        rows.headMap(new Slot(dropBefore, 0), false);
    long dropped = count(old.values());
    old.clear();
    long coarse = config.coarseMillis();
    List<Slot> fine = new ArrayList<>();
    for (Slot slot : rows.headMap(new Slot(downBefore, 0), false).keySet()) {
      if (slot.width() != coarse) {
        fine.add(slot);
      }
    }
    long folded = 0;
    for (Slot slot : fine) {
      Map<StoredEdge, Counters> edges = rows.remove(slot);
      folded += edges.size();
      Map<StoredEdge, Counters> target =
          rows.computeIfAbsent(
              new Slot(StoreConfig.floor(slot.start(), coarse), coarse), s -> new HashMap<>());
      edges.forEach((edge, c) -> target.merge(edge, c, Counters::plus));
    }
    coarseBefore = downBefore;
    return new MaintainResult(folded, dropped);
  }

  @Override
  public synchronized StoreStats stats() {
    open();
    Set<Endpoint> endpoints = new HashSet<>();
    rows.values()
        .forEach(
            edges ->
                edges
                    .keySet()
                    .forEach(
                        edge -> {
                          endpoints.add(edge.key().client());
                          endpoints.add(edge.key().server());
                        }));
    return new StoreStats(count(rows.values()), endpoints.size(), 0);
  }

  @Override
  public synchronized void close() {
    closed = true;
    rows.clear();
  }

  private static long count(Collection<Map<StoredEdge, Counters>> slots) {
    return slots.stream().mapToLong(Map::size).sum();
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("store closed");
    }
  }
}
