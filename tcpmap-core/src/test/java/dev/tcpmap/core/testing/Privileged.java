package dev.tcpmap.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Guards for tests that need root (network namespaces, tcpdump, eBPF). Such tests are named {@code
 * Privileged…} and tagged {@code privileged}. Outside CI they are skipped when not root; in CI
 * (environment variable {@code CI} set) a privileged test that cannot run fails, because a skipped
 * privileged test would hide untested work.
 */
public final class Privileged {
  private Privileged() {}

  /** Skips (or in CI, fails) the calling test unless the process runs as root. */
  public static void requireRoot() {
    require(isRoot(), "needs root");
  }

  /** Skips (or in CI, fails) the calling test unless {@code command} is on the PATH. */
  public static void requireCommand(String command) {
    require(onPath(command), "needs the command '" + command + "' on the PATH");
  }

  public static boolean isRoot() {
    try {
      String status = Files.readString(Path.of("/proc/self/status"));
      return status.lines().anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
    } catch (IOException e) {
      return false;
    }
  }

  public static boolean onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", command));
  }

  private static void require(boolean condition, String what) {
    if (condition) {
      return;
    }
    if (System.getenv("CI") != null) {
      fail("privileged test cannot run in CI: " + what);
    }
    assumeTrue(false, "skipped outside CI: " + what);
  }
}
