package dev.tcpmap.capture.testnet;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs short external commands ({@code ip}, {@code ethtool}, {@code kill}) with a time limit.
 *
 * <p>A failure is an {@link IOException} whose message holds the command line, the exit status and
 * the command's stderr, so that a broken test set-up says what the kernel or tool refused. The
 * process is always destroyed when the call returns. Thread-safe (no state).
 */
public final class Commands {
  /** Generous for {@code ip} and {@code ethtool}, which finish in milliseconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  private Commands() {}

  /** The output of a finished command. */
  public record Output(String stdout, String stderr) {}

  /** Runs {@code argv} and returns its output; fails unless it exits 0 within the default time. */
  public static Output run(String... argv) throws IOException {
    return run(DEFAULT_TIMEOUT, List.of(argv));
  }

  /** Runs {@code argv} and returns its output; fails unless it exits 0 within {@code timeout}. */
  public static Output run(Duration timeout, List<String> argv) throws IOException {
    Process process =
        new ProcessBuilder(argv)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      CompletableFuture<String> stdout = drain(process.getInputStream());
      CompletableFuture<String> stderr = drain(process.getErrorStream());
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("timed out after " + timeout + ": " + String.join(" ", argv));
      }
      Output output = new Output(join(stdout, argv), join(stderr, argv));
      if (process.exitValue() != 0) {
        throw new IOException(
            String.join(" ", argv)
                + " exited with "
                + process.exitValue()
                + ": "
                + output.stderr().strip());
      }
      return output;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", argv), e);
    } finally {
      process.destroyForcibly();
    }
  }

  /**
   * A command line that runs {@code mainClass} in a new JVM: this JVM's launcher, {@code options},
   * then the test class path (Surefire keeps the real one in {@code surefire.test.class.path}) and
   * the class. Mutable, for the arguments to follow.
   */
  public static List<String> java(Class<?> mainClass, String... options) {
    List<String> argv = new ArrayList<>();
    argv.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    argv.addAll(List.of(options));
    String surefire = System.getProperty("surefire.test.class.path");
    argv.add("-cp");
    argv.add(
        surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path"));
    argv.add(mainClass.getName());
    return argv;
  }

  /** Kills {@code process} if it still runs, and waits up to 10 s for it to be gone. */
  public static void destroy(Process process) {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Like {@link #run(String...)} but returns false instead of throwing when the command fails. */
  public static boolean succeeds(String... argv) {
    try {
      run(argv);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        Thread::startVirtualThread);
  }

  private static String join(CompletableFuture<String> text, List<String> argv)
      throws IOException, InterruptedException {
    try {
      return text.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("could not read the output of " + String.join(" ", argv), e);
    }
  }
}
