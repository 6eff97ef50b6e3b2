package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.ebpf.cgroup.CgroupContainers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Cgroups made for one test under the host's cgroup2 mount, laid out as the kubelet's systemd
 * driver and containerd make them: {@code tcpmap-test-PID/kubepods-podUID.slice/
 * cri-containerd-ID.scope}. {@link #close()} removes them; their processes must have ended.
 */
final class TestCgroups implements AutoCloseable {
  private final Path base;
  private final List<Path> made = new ArrayList<>();

  TestCgroups() throws IOException {
    Path mount =
        CgroupContainers.mount(Path.of("/proc/self/mountinfo"))
            .orElseThrow(() -> new AssertionError("no cgroup2 mount on this host"));
    base = mount.resolve("tcpmap-test-" + ProcessHandle.current().pid());
    made.add(Files.createDirectories(base));
  }

  /** A fresh container ID: 64 hex digits. */
  static String newId() {
    byte[] bytes = new byte[32];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Makes the scope of container {@code id} in pod {@code podUid}'s slice; its directory. */
  Path container(String podUid, String id) throws IOException {
    Path pod = base.resolve("kubepods-pod" + podUid.replace('-', '_') + ".slice");
    if (!Files.isDirectory(pod)) {
      made.add(Files.createDirectory(pod));
    }
    Path scope = Files.createDirectory(pod.resolve("cri-containerd-" + id + ".scope"));
    made.add(scope);
    return scope;
  }

  /** The cgroup id of {@code dir}: its inode. */
  static long id(Path dir) throws IOException {
    return (Long) Files.getAttribute(dir, "unix:ino");
  }

  /** The command line that runs {@code argv} as a process of the cgroup {@code dir}. */
  static List<String> inCgroup(Path dir, List<String> argv) {
    List<String> command =
        new ArrayList<>(
            List.of("sh", "-c", "echo $$ > \"$0/cgroup.procs\" && exec \"$@\"", dir.toString()));
    command.addAll(argv);
    return command;
  }

  @Override
  public void close() throws IOException {
    for (Path dir : made.reversed()) {
      Files.deleteIfExists(dir);
    }
    assertThat(base).doesNotExist();
  }
}
