package dev.tcpmap.core.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small tmpfs mounted for a test (root only), so that a store meets a real full or read-only file
 * system. {@link #close()} unmounts lazily: a test that failed with a file still open leaves no
 * mount behind.
 */
public final class Tmpfs implements AutoCloseable {
  private final Path mount;

  private Tmpfs(Path mount) {
    this.mount = mount;
  }

  /** Skips (or in CI, fails) the calling test unless it may mount one: root and {@code mount}. */
  public static void requireMountable() {
    Privileged.requireRoot();
    Privileged.requireCommand("mount");
  }

  /** Mounts a tmpfs with {@code options} (e.g. {@code size=1m}, {@code ro}) on {@code mount}. */
  public static Tmpfs mount(Path mount, String options) throws IOException, InterruptedException {
    Files.createDirectories(mount);
    run("mount", "-t", "tmpfs", "-o", options, "tmpfs", mount.toString());
    return new Tmpfs(mount);
  }

  public Path path() {
    return mount;
  }

  /**
   * Writes the file {@code name} until the file system is full (at most 64 MiB), so that the next
   * write of anyone else fails; deleting it makes room again.
   */
  public Path fill(String name) throws IOException {
    Path file = mount.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] block = new byte[4096];
      for (int i = 0; i < 16_384; i++) {
        out.write(block);
        out.flush();
      }
    } catch (IOException full) {
      return file;
    }
    throw new IOException(mount + " never filled up");
  }

  /** Mounts it again read-only. */
  public void remountReadOnly() throws IOException, InterruptedException {
    run("mount", "-o", "remount,ro", mount.toString());
  }

  /** A plain unmount: fails while a file on it is open. */
  public void unmountStrictly() throws IOException, InterruptedException {
    run("umount", mount.toString());
  }

  @Override
  public void close() throws IOException {
    if (Files.readString(Path.of("/proc/self/mounts")).contains(" " + mount + " ")) {
      try {
        run("umount", "--lazy", mount.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while unmounting " + mount, e);
      }
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output.strip());
    }
  }
}
