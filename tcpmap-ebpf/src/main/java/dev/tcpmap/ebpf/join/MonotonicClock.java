package dev.tcpmap.ebpf.join;

import java.time.Instant;
import java.util.Objects;

/**
 * Turns {@code CLOCK_MONOTONIC} nanoseconds (the BPF clock, {@code bpf_ktime_get_ns}) into wall
 * time with one offset taken once. Taking it once keeps durations exact (a difference of two
 * monotonic readings) even when NTP later steps the wall clock; the price is that instants drift
 * from the wall clock by whatever NTP corrects while the agent runs (typically milliseconds a day).
 *
 * @param wallAtBase the wall time at {@code nanosAtBase}
 * @param nanosAtBase a monotonic reading taken together with {@code wallAtBase}
 */
public record MonotonicClock(Instant wallAtBase, long nanosAtBase) {

  public MonotonicClock {
    Objects.requireNonNull(wallAtBase, "wallAtBase");
  }

  /**
   * The system's clocks: on Linux {@link System#nanoTime()} reads {@code CLOCK_MONOTONIC}, the
   * clock of {@code bpf_ktime_get_ns}.
   */
  public static MonotonicClock system() {
    long before = System.nanoTime();
    Instant wall = Instant.now();
    long after = System.nanoTime();
    return new MonotonicClock(wall, before + (after - before) / 2);
  }

  /** The wall time of a monotonic reading. */
  public Instant instant(long nanos) {
    return wallAtBase.plusNanos(nanos - nanosAtBase);
  }
}
