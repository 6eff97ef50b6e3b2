package dev.tcpmap.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.annotations.Param;

/**
 * {@link FilterBenchmark}'s loop, timed by the CPU time of its own thread rather than by the clock:
 * records evaluated per CPU-second, the rate of one core whatever else the machine runs. On a
 * shared machine JMH's wall-clock scores measure the scheduler as much as the code (a niced run
 * beside a loaded machine gets a fraction of a core); this is the figure that stays. Same records,
 * same expressions; 3 s of CPU warm-up, then ROUNDS rounds of 2 s of CPU each.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.tcpmap.bench.FilterCpuRate [ROUNDS]</pre>
 */
public final class FilterCpuRate {
  private static final long WARM_UP_NANOS = 3_000_000_000L;
  private static final long ROUND_NANOS = 2_000_000_000L;

  private FilterCpuRate() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    String[] expressions =
        FilterBenchmark.class.getField("expression").getAnnotation(Param.class).value();
    System.out.printf("%-100s %12s %12s %12s%n", "expression", "median /s", "min /s", "max /s");
    for (String expression : expressions) {
      FilterBenchmark bench = new FilterBenchmark();
      bench.expression = expression;
      bench.setUp();
      run(bench, threads, WARM_UP_NANOS);
      List<Double> rates = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        rates.add(run(bench, threads, ROUND_NANOS));
      }
      rates.sort(null);
      System.out.printf(
          Locale.ROOT,
          "%-100s %,12.0f %,12.0f %,12.0f%n",
          expression,
          rates.get(rates.size() / 2),
          rates.getFirst(),
          rates.getLast());
    }
  }

  /** Records per CPU-second over at least {@code cpuNanos} of this thread's CPU time. */
  private static double run(FilterBenchmark bench, ThreadMXBean threads, long cpuNanos) {
    long start = threads.getCurrentThreadCpuTime();
    long evaluated = 0;
    int sink = 0;
    long used;
    do {
      sink += bench.evaluate();
      evaluated += FilterBenchmark.RECORDS;
      used = threads.getCurrentThreadCpuTime() - start;
    } while (used < cpuNanos);
    if (sink < 0) {
      throw new AssertionError(); // keeps the loop's result alive
    }
    return evaluated / (used / 1e9);
  }
}
