package dev.tcpmap.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the benchmark mains share: a command line refused, optional arguments, a fresh SQLite file,
 * sorted timings.
 */
final class BenchArgs {
  private BenchArgs() {}

  /** Refuses the command line with its {@code usage} unless it is {@code valid}. */
  static void usageUnless(boolean valid, String usage) {
    if (!valid) {
      refuse("usage: " + usage);
    }
  }

  /** Ends the program with status 2, as for a command line it cannot run, saying why. */
  static void refuse(String message) {
    System.err.println(message);
    System.exit(2);
  }

  /** Argument {@code i} as an int, or {@code absent} when there are fewer arguments. */
  static int intArg(String[] args, int i, int absent) {
    return args.length > i ? Integer.parseInt(args[i]) : absent;
  }

  /** Argument {@code i} as a long, or {@code absent} when there are fewer arguments. */
  static long longArg(String[] args, int i, long absent) {
    return args.length > i ? Long.parseLong(args[i]) : absent;
  }

  /** Deletes an SQLite database and its write-ahead log and shared-memory files, if there. */
  static void deleteDatabase(Path file) {
    for (String suffix : List.of("", "-wal", "-shm")) {
      try {
        Files.deleteIfExists(Path.of(file + suffix));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The median of ascending {@code nanos}, in milliseconds: the upper one of an even count. */
  static double p50Millis(long[] nanos) {
    return nanos[nanos.length / 2] / 1e6;
  }

  /** The 99th percentile (nearest rank) of ascending {@code nanos}, in milliseconds. */
  static double p99Millis(long[] nanos) {
    return nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6;
  }
}
