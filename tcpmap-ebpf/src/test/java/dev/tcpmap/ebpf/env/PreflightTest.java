package dev.tcpmap.ebpf.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Preflight's decisions on a fake host: nothing on this machine is read or changed. */
class PreflightTest {
  private static final String ROOT_CAPS = "000001ffffffffff";
  private static final Path SYS_ID = Preflight.TRACEFS.resolve(Preflight.EVENT_ID);
  private static final Path DEBUG_ID = Preflight.DEBUGFS_TRACING.resolve(Preflight.EVENT_ID);

  /** A host whose files and mount results the test sets. */
  static final class FakeHost implements Host {
    final Map<Path, String> files = new HashMap<>();
    final Set<Path> paths = new HashSet<>();
    final List<String> mounts = new ArrayList<>();
    int mountErrno;
    Set<Path> appearOnMount = Set.of();
    boolean libbpf = true;

    FakeHost() {
      files.put(Preflight.OS_RELEASE, "6.18.44-fc-v445\n");
      files.put(Preflight.STATUS, status(ROOT_CAPS));
      paths.add(Preflight.BTF);
    }

    @Override
    public Optional<String> read(Path file) {
      return Optional.ofNullable(files.get(file));
    }

    @Override
    public boolean exists(Path path) {
      return paths.contains(path) || files.containsKey(path);
    }

    @Override
    public int mount(String source, Path target, String type) {
      mounts.add(type + " " + source + " " + target);
      if (mountErrno == 0) {
        paths.addAll(appearOnMount);
      }
      return mountErrno;
    }

    @Override
    public boolean libbpfLoadable() {
      return libbpf;
    }
  }

  static String status(String capEff) {
    return "Name:\tjava\nUid:\t0\t0\t0\t0\nCapInh:\t0000000000000000\nCapPrm:\t"
        + capEff
        + "\nCapEff:\t"
        + capEff
        + "\nCapBnd:\t000001ffffffffff\n";
  }

  private final ByteArrayOutputStream notices = new ByteArrayOutputStream();

  /** The check refuses the host with a message containing each of {@code parts}. */
  private void assertRefused(FakeHost host, String... parts) {
    assertThatThrownBy(() -> check(host))
        .isInstanceOf(EnvironmentException.class)
        .message()
        .contains(parts);
  }

  /** The check refuses the host with exactly this message. */
  private void assertRefusedSaying(FakeHost host, String message) {
    assertThatThrownBy(() -> check(host))
        .isInstanceOf(EnvironmentException.class)
        .hasMessage(message);
  }

  private void check(FakeHost host) {
    Preflight.check(host, new PrintStream(notices, true, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @CsvSource({
    "6.18.44-fc-v445, 6, 18",
    "5.8.0, 5, 8",
    "5.15.0-91-generic, 5, 15",
    "4.19.0-26-amd64, 4, 19",
    "6.1, 6, 1"
  })
  void parseVersion_releases_majorMinor(String release, int major, int minor) {
    assertThat(Preflight.parseVersion(release)).containsExactly(major, minor);
  }

  @Test
  void parseVersion_noNumbers_null() {
    assertThat(Preflight.parseVersion("linux")).isNull();
  }

  @Test
  void parseCapEff_statusFile_effectiveSet() {
    assertThat(Preflight.parseCapEff(status("000001ffffffffff"))).contains(0x1ffffffffffL);
    assertThat(Preflight.parseCapEff(status("00000000a80425fb"))).contains(0xa80425fbL);
    assertThat(Preflight.parseCapEff("Name:\tjava\n")).isEmpty();
  }

  @Test
  void missingCapabilities_sets_whatIsMissing() {
    long bpf = 1L << 39;
    long perfmon = 1L << 38;
    long dac = 1L << 2;
    long sysAdmin = 1L << 21;
    assertThat(Preflight.missingCapabilities(0x1ffffffffffL)).isEmpty();
    assertThat(Preflight.missingCapabilities(bpf | perfmon | dac)).isEmpty();
    assertThat(Preflight.missingCapabilities(sysAdmin)).isEmpty();
    assertThat(Preflight.missingCapabilities(bpf | perfmon)).containsExactly("CAP_DAC_READ_SEARCH");
    // a container's default set (docker: CapEff 00000000a80425fb) has none of them
    assertThat(Preflight.missingCapabilities(0xa80425fbL))
        .containsExactly("CAP_BPF", "CAP_PERFMON", "CAP_DAC_READ_SEARCH");
  }

  @Test
  void check_allPresent_passesWithoutMounting() {
    FakeHost host = new FakeHost();
    host.paths.add(SYS_ID);

    check(host);

    assertThat(host.mounts).isEmpty();
    assertThat(notices.toString()).isEmpty();
  }

  @Test
  void check_oldKernel_saysVersion() {
    FakeHost host = new FakeHost();
    host.files.put(Preflight.OS_RELEASE, "5.4.0-150-generic\n");

    assertRefusedSaying(
        host,
        "the socket tracer needs Linux 5.9 or newer, this kernel is 5.4.0-150-generic: run"
            + " the agent on a newer kernel");
  }

  @Test
  void check_noBtf_saysConfigOption() {
    FakeHost host = new FakeHost();
    host.paths.remove(Preflight.BTF);

    assertRefused(host, "/sys/kernel/btf/vmlinux is missing", "CONFIG_DEBUG_INFO_BTF=y");
  }

  @Test
  void check_containerCapabilities_namesMissingOnes() {
    FakeHost host = new FakeHost();
    host.files.put(Preflight.STATUS, status("00000000a80425fb"));

    assertRefused(
        host,
        "missing: CAP_BPF, CAP_PERFMON, CAP_DAC_READ_SEARCH",
        "[BPF, PERFMON, DAC_READ_SEARCH]");
  }

  @Test
  void check_noLibbpf_saysPackage() {
    FakeHost host = new FakeHost();
    host.libbpf = false;

    assertRefused(host, "libbpf.so.1", "apt-get install libbpf1");
  }

  @Test
  void tracefsDecision_debugfsPathExists_libbpfUsesIt() {
    FakeHost host = new FakeHost();
    assertThat(Preflight.libbpfTracefs(host)).isEqualTo(Preflight.TRACEFS);

    host.paths.add(Preflight.DEBUGFS_TRACING);

    assertThat(Preflight.libbpfTracefs(host)).isEqualTo(Preflight.DEBUGFS_TRACING);
  }

  @Test
  void check_tracefsNotMounted_mountsItAndSaysSo() {
    FakeHost host = new FakeHost();
    host.appearOnMount = Set.of(SYS_ID);

    check(host);

    assertThat(host.mounts).containsExactly("tracefs tracefs /sys/kernel/tracing");
    assertThat(notices.toString())
        .isEqualTo(
            "tcpmap: mounted tracefs on /sys/kernel/tracing (libbpf reads tracepoint ids"
                + " there)\n");
  }

  @Test
  void check_debugfsMountedTracingEmpty_mountsTracefsThere() {
    FakeHost host = new FakeHost();
    host.paths.add(Preflight.DEBUGFS_TRACING);
    host.paths.add(SYS_ID); // mounted at /sys/kernel/tracing, but libbpf will not look there
    host.appearOnMount = Set.of(DEBUG_ID);

    check(host);

    assertThat(host.mounts).containsExactly("tracefs tracefs /sys/kernel/debug/tracing");
  }

  @Test
  void check_mountNotAllowed_saysExactCommand() {
    FakeHost host = new FakeHost();
    host.mountErrno = 1; // EPERM

    assertRefusedSaying(
        host,
        "tracefs is not mounted at /sys/kernel/tracing (libbpf reads the ids of the accept"
            + " tracepoints there) and mounting it failed (Operation not permitted): run 'mount -t tracefs"
            + " tracefs /sys/kernel/tracing' as root, or mount it into the container");
  }

  @Test
  void check_tracefsWithoutTheTracepoint_saysKernelLacksIt() {
    FakeHost host = new FakeHost();
    host.paths.add(Preflight.TRACEFS.resolve("events"));

    assertRefused(
        host,
        "neither kprobes nor the tracepoint syscalls/sys_exit_accept4",
        "CONFIG_KPROBES=y or CONFIG_FTRACE_SYSCALLS=y");
    assertThat(host.mounts).isEmpty();
  }

  @Test
  void check_kprobes_needsNoTracefs() {
    FakeHost host = new FakeHost(); // tracefs not mounted, and mounting it would fail
    host.mountErrno = 1;
    host.paths.add(Preflight.KPROBE_PMU);

    check(host);

    assertThat(host.mounts).isEmpty();
    assertThat(notices.toString()).isEmpty();
  }
}
