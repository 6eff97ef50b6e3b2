package dev.tcpmap.ebpf.env;

import dev.tcpmap.ebpf.libbpf.BpfException;
import dev.tcpmap.ebpf.libbpf.Libbpf;
import dev.tcpmap.linux.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * What {@link Preflight} asks of the machine, as an interface so that its decisions can be tested
 * with a fake host. {@link #real()} is the running machine.
 */
public interface Host {
  /** The text of a small file ({@code /proc}, {@code /sys}), empty when it cannot be read. */
  Optional<String> read(Path file);

  boolean exists(Path path);

  /** {@code mount -t type source target}: 0, or the positive errno. */
  int mount(String source, Path target, String type);

  /** Whether libbpf.so.1 can be loaded. */
  boolean libbpfLoadable();

  static Host real() {
    return new Host() {
      @Override
      public Optional<String> read(Path file) {
        try {
          return Optional.of(Files.readString(file));
        } catch (IOException | SecurityException e) {
          return Optional.empty();
        }
      }

      @Override
      public boolean exists(Path path) {
        // stat(2), not Files.exists' access(2): access checks with the real uid and, for a
        // non-root user, without capabilities, so a user granted CAP_DAC_READ_SEARCH (a container
        // running as non-root with ambient capabilities) would not see into tracefs (mode 0700)
        // although libbpf, which opens the files, can.
        try {
          Files.readAttributes(path, BasicFileAttributes.class);
          return true;
        } catch (IOException | SecurityException e) {
          return false;
        }
      }

      @Override
      public int mount(String source, Path target, String type) {
        return -Libc.mount(source, target.toString(), type);
      }

      @Override
      public boolean libbpfLoadable() {
        try {
          Libbpf.load();
          return true;
        } catch (BpfException e) {
          return false;
        }
      }
    };
  }
}
