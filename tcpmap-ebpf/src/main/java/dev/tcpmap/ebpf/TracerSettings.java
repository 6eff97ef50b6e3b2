package dev.tcpmap.ebpf;

import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import dev.tcpmap.ebpf.tracer.SocketTracer;
import java.time.Duration;
import java.util.List;

/** The {@code tracer.*} keys of the eBPF socket tracer and its iterator. */
public final class TracerSettings {
  public static final Setting<Integer> MAX_SOCKETS =
      Setting.of("tracer.max-sockets", "131072", s -> Parsers.between(s, 1024, 16_777_216))
          .option("--max-sockets", "N", "sockets the tracer keeps state for");
  public static final Setting<Integer> RING_BUFFER =
      Setting.of("tracer.ring-buffer", "8Mi", s -> Parsers.powerOfTwoBytes(s, 4096, 1 << 30))
          .option("--ring-buffer", "BYTES", "BPF ring buffer size, power of two");
  public static final Setting<Duration> ITERATE_EVERY =
      Setting.of(
              "tracer.iterate-every", "5s", s -> Parsers.durationAtLeast(s, Duration.ofMillis(100)))
          .option("--iterate-every", "DURATION", "how often live sockets' bytes are read");

  public static final Setting<String> CGROUP_ROOT =
      Setting.of("tracer.cgroup-root", "", Parsers::text);
  public static final Setting<Integer> MAX_CGROUPS =
      Setting.of("tracer.max-cgroups", "65536", s -> Parsers.between(s, 16, 16_777_216));

  /**
   * The tracer's configuration.
   *
   * @param tracer the sizes of its maps and ring buffer
   * @param iterateEvery how often the iterator runs
   * @param cgroupRoot where the host's cgroup2 hierarchy is, "" to find it in mountinfo
   * @param maxCgroups most cgroups of the host kept to name the containers of sockets
   */
  public record Config(
      SocketTracer.Options tracer, Duration iterateEvery, String cgroupRoot, int maxCgroups) {}

  /** The area: these keys, and the configuration made of them. */
  public static final ConfigArea<Config> AREA =
      ConfigArea.of(
          List.of(MAX_SOCKETS, RING_BUFFER, ITERATE_EVERY, CGROUP_ROOT, MAX_CGROUPS),
          TracerSettings::read);

  private TracerSettings() {}

  private static Config read(Values values) {
    int ring = values.get(RING_BUFFER);
    // Wake the poller when an eighth of the ring buffer is pending (at most 256 KiB).
    return new Config(
        new SocketTracer.Options(
            values.get(MAX_SOCKETS), ring, Math.min(ring / 8, 256 * 1024), 4096),
        values.get(ITERATE_EVERY),
        values.get(CGROUP_ROOT),
        values.get(MAX_CGROUPS));
  }
}
