package dev.tcpmap.capture.testnet;

import dev.tcpmap.capture.testnet.TestNetwork.Side;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link TrafficPeer} JVM running inside a namespace, its stdout collected line by line and its
 * stderr kept in a file for error messages. {@link #close()} kills it if it still runs.
 *
 * <p>The child runs the same {@code java} as this JVM with this JVM's class path (under Surefire
 * the real one is in {@code surefire.test.class.path}: {@code java.class.path} may name only a
 * manifest-only jar that Surefire deletes when its fork ends).
 */
final class PeerProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path stderr;
  private final List<String> lines = new ArrayList<>();
  private volatile boolean collecting = true;

  private PeerProcess(String name, Process process, Path stderr) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
  }

  static PeerProcess start(
      TestNetwork network, Side side, String name, List<String> args, Path work)
      throws IOException {
    return start(network, side, name, TrafficPeer.class, args, work);
  }

  /** Runs the {@code main} of {@code mainClass} (a test class) instead of {@link TrafficPeer}. */
  static PeerProcess start(
      TestNetwork network, Side side, String name, Class<?> mainClass, List<String> args, Path work)
      throws IOException {
    List<String> argv = Commands.java(mainClass, "-Xmx256m", "-XX:+UseSerialGC");
    argv.addAll(args);
    Path stderr = work.resolve(name + ".stderr");
    Process process =
        new ProcessBuilder(network.inNamespace(side, argv)).redirectError(stderr.toFile()).start();
    PeerProcess peer = new PeerProcess(name, process, stderr);
    Thread.startVirtualThread(peer::collect);
    return peer;
  }

  /**
   * The peer's process id: {@code ip netns exec} replaces itself with the JVM, so this is the pid
   * the kernel attributes the peer's sockets to.
   */
  long pid() {
    return process.pid();
  }

  /**
   * Waits until at least {@code count} stdout lines match {@code filter}; returns them. Fails with
   * the process's stderr if it exits or {@code limit} passes first.
   */
  List<String> awaitLines(Predicate<String> filter, int count, Duration limit)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    synchronized (lines) {
      while (true) {
        List<String> matching = lines.stream().filter(filter).toList();
        if (matching.size() >= count) {
          return matching;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && !collecting)) {
          throw failure("expected " + count + " matching lines, got " + matching.size());
        }
        TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, 100_000_000L));
      }
    }
  }

  /** Waits for the process to exit 0 and its output to be read; returns all stdout lines. */
  List<String> awaitExit(Duration limit) throws IOException, InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw failure("still running after " + limit);
    }
    if (process.exitValue() != 0) {
      throw failure("exited with " + process.exitValue());
    }
    synchronized (lines) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (collecting && System.nanoTime() < deadline) {
        lines.wait(100);
      }
      return List.copyOf(lines);
    }
  }

  /** Closes the process's stdin: a server's signal to stop. */
  void closeInput() throws IOException {
    process.getOutputStream().close();
  }

  @Override
  public void close() {
    Commands.destroy(process);
  }

  private void collect() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // The process was killed; what was read so far is kept.
    } finally {
      synchronized (lines) {
        collecting = false;
        lines.notifyAll();
      }
    }
  }

  private IOException failure(String what) throws IOException {
    String err = Files.exists(stderr) ? Files.readString(stderr).strip() : "";
    List<String> tail;
    synchronized (lines) {
      tail = lines.subList(Math.max(0, lines.size() - 5), lines.size()).stream().toList();
    }
    return new IOException(
        "traffic peer "
            + name
            + ": "
            + what
            + "; stderr: "
            + (err.isEmpty() ? "(empty)" : err)
            + "; last output: "
            + tail);
  }
}
