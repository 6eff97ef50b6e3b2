package dev.tcpmap.ebpf.env;

import dev.tcpmap.ebpf.libbpf.Libbpf;
import dev.tcpmap.linux.Libc;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks, before anything is loaded, that the host can run the socket tracer, so that a missing
 * piece is one sentence with its fix rather than a libbpf error code:
 *
 * <ol>
 *   <li>Linux 5.9 or newer (CAP_BPF, ring buffers, {@code bpf_skc_to_tcp_sock}, {@code iter/tcp})
 *       with BTF (the state tracepoint is attached as {@code tp_btf});
 *   <li>root, or CAP_BPF + CAP_PERFMON + CAP_DAC_READ_SEARCH (tracefs is mode 0700), or
 *       CAP_SYS_ADMIN;
 *   <li>libbpf.so.1;
 *   <li>only on kernels without kprobes (no {@link #KPROBE_PMU}), where the accepting process comes
 *       from the accept system call tracepoints: tracefs where libbpf 1.1 looks for tracepoint ids,
 *       {@code /sys/kernel/debug/tracing} if that path exists, else {@code /sys/kernel/tracing}.
 *       When it is not mounted there, it is mounted (allowed for root), which is said on stderr.
 *       The kretprobe used elsewhere goes through the perf kprobe PMU, and the state tracepoint
 *       through BTF: neither reads tracefs.
 * </ol>
 */
public final class Preflight {
  static final Path OS_RELEASE = Path.of("/proc/sys/kernel/osrelease");
  static final Path BTF = Path.of("/sys/kernel/btf/vmlinux");
  static final Path STATUS = Path.of("/proc/self/status");
  static final Path DEBUGFS_TRACING = Path.of("/sys/kernel/debug/tracing");
  static final Path TRACEFS = Path.of("/sys/kernel/tracing");
  static final String EVENT_ID = "events/syscalls/sys_exit_accept4/id";

  /** The perf PMU of kprobes: present, the tracer uses a kretprobe and no tracefs. */
  public static final Path KPROBE_PMU = Path.of("/sys/bus/event_source/devices/kprobe");

  static final int CAP_DAC_READ_SEARCH = 2;
  static final int CAP_SYS_ADMIN = 21;
  static final int CAP_PERFMON = 38;
  static final int CAP_BPF = 39;

  private static final String NO_ACCEPT_HOOK =
      "the kernel has neither kprobes nor the tracepoint syscalls/sys_exit_accept4, so the"
          + " socket tracer cannot tell which process accepted a connection: it needs a kernel"
          + " built with CONFIG_KPROBES=y or CONFIG_FTRACE_SYSCALLS=y";

  private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");
  private static final Pattern CAP_EFF = Pattern.compile("(?m)^CapEff:\\s*([0-9a-fA-F]+)\\s*$");

  private Preflight() {}

  /** Checks the running machine; notices (a mount) go to stderr. */
  public static void check() {
    check(Host.real(), System.err);
  }

  /**
   * Runs every check in order and stops at the first failure.
   *
   * @throws EnvironmentException naming what is missing and how to fix it
   */
  public static void check(Host host, PrintStream notices) {
    checkKernel(host);
    checkCapabilities(host);
    if (!host.libbpfLoadable()) {
      throw new EnvironmentException(
          "the socket tracer needs "
              + Libbpf.LIBRARY
              + " (libbpf 1.x): install it (Debian/Ubuntu: apt-get install libbpf1;"
              + " Fedora/RHEL: dnf install libbpf)");
    }
    checkTracefs(host, notices);
  }

  static void checkKernel(Host host) {
    String release = host.read(OS_RELEASE).map(String::strip).orElse("");
    int[] version = parseVersion(release);
    if (version == null) {
      throw new EnvironmentException(
          "cannot tell the kernel version (" + OS_RELEASE + " says '" + release + "')");
    }
    if (version[0] < 5 || (version[0] == 5 && version[1] < 9)) {
      throw new EnvironmentException(
          "the socket tracer needs Linux 5.9 or newer, this kernel is "
              + release
              + ": run the agent on a newer kernel");
    }
    if (!host.exists(BTF)) {
      throw new EnvironmentException(
          "the kernel has no BTF type information ("
              + BTF
              + " is missing): the socket tracer needs a kernel built with"
              + " CONFIG_DEBUG_INFO_BTF=y (the default of current distribution kernels)");
    }
  }

  /** Major and minor of a kernel release such as "6.18.44-fc-v445"; null if it has none. */
  static int[] parseVersion(String release) {
    Matcher m = VERSION.matcher(release);
    if (!m.find()) {
      return null;
    }
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
  }

  /** The effective capability set from /proc/self/status, or empty when it has no CapEff line. */
  static Optional<Long> parseCapEff(String status) {
    Matcher m = CAP_EFF.matcher(status);
    return m.find() ? Optional.of(Long.parseUnsignedLong(m.group(1), 16)) : Optional.empty();
  }

  /** The capabilities the tracer lacks in {@code capEff}; empty when it has enough. */
  static List<String> missingCapabilities(long capEff) {
    if (has(capEff, CAP_SYS_ADMIN)) {
      return List.of();
    }
    List<String> missing = new ArrayList<>();
    if (!has(capEff, CAP_BPF)) {
      missing.add("CAP_BPF");
    }
    if (!has(capEff, CAP_PERFMON)) {
      missing.add("CAP_PERFMON");
    }
    if (!has(capEff, CAP_DAC_READ_SEARCH)) {
      missing.add("CAP_DAC_READ_SEARCH");
    }
    return missing;
  }

  private static boolean has(long caps, int capability) {
    return (caps & (1L << capability)) != 0;
  }

  static void checkCapabilities(Host host) {
    long caps =
        host.read(STATUS)
            .flatMap(Preflight::parseCapEff)
            .orElseThrow(() -> new EnvironmentException("cannot read CapEff from " + STATUS));
    List<String> missing = missingCapabilities(caps);
    if (!missing.isEmpty()) {
      throw new EnvironmentException(
          "the socket tracer needs root or the capabilities CAP_BPF, CAP_PERFMON and"
              + " CAP_DAC_READ_SEARCH (missing: "
              + String.join(", ", missing)
              + "): run as root, or grant them (Kubernetes: securityContext.capabilities.add:"
              + " [BPF, PERFMON, DAC_READ_SEARCH])");
    }
  }

  /**
   * The tracefs directory libbpf 1.1 will read ({@code use_debugfs()}: the debugfs path if it
   * exists at all, whether or not anything is mounted on it).
   */
  static Path libbpfTracefs(Host host) {
    return host.exists(DEBUGFS_TRACING) ? DEBUGFS_TRACING : TRACEFS;
  }

  static void checkTracefs(Host host, PrintStream notices) {
    if (host.exists(KPROBE_PMU)) {
      return;
    }
    Path dir = libbpfTracefs(host);
    Path id = dir.resolve(EVENT_ID);
    if (host.exists(id)) {
      return;
    }
    if (host.exists(dir.resolve("events"))) {
      throw new EnvironmentException(NO_ACCEPT_HOOK + " (" + id + " is missing)");
    }
    // Not mounted: with debugfs mounted, its tracing directory is an empty mount point; without,
    // /sys/kernel/tracing is. Either way tracefs goes where libbpf will look.
    int errno = host.mount("tracefs", dir, "tracefs");
    if (errno != 0) {
      throw new EnvironmentException(
          "tracefs is not mounted at "
              + dir
              + " (libbpf reads the ids of the accept tracepoints there) and mounting it failed ("
              + Libc.strerror(errno)
              + "): run 'mount -t tracefs tracefs "
              + dir
              + "' as root, or mount it into the container");
    }
    notices.println("tcpmap: mounted tracefs on " + dir + " (libbpf reads tracepoint ids there)");
    if (!host.exists(id)) {
      throw new EnvironmentException(
          NO_ACCEPT_HOOK + " (mounted tracefs on " + dir + " but " + id + " is missing)");
    }
  }
}
