package dev.tcpmap.packet;

import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.ConfigException;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import dev.tcpmap.packet.linux.RingConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code capture.*} keys of the agent's live packet capture: what it makes of them, or empty
 * for {@code capture.interfaces=none}.
 */
public final class CaptureSettings {
  private static final ConfigArea.Keys KEYS = new ConfigArea.Keys();

  public static final Setting<String> INTERFACES =
      Setting.of("capture.interfaces", "auto", Parsers::nonEmpty)
          .option(
              "--interfaces",
              "SELECTION",
              "where TLS and DNS are captured: auto, any, names and globs (eth0,veth*), ~regex, or"
                  + " none")
          .in(KEYS);
  public static final Setting<Duration> RESCAN_EVERY =
      Setting.of(
              "capture.rescan-every",
              "10s",
              s -> Parsers.durationAtLeast(s, Duration.ofMillis(100)))
          .alias("K8S_PACKET_TCP_LISTENER_INTERFACES_REFRESH_PERIOD")
          .option("--rescan-every", "DURATION", "how often the interface list is read again")
          .in(KEYS);
  public static final Setting<List<Integer>> TLS_PORTS =
      Setting.of("capture.tls-ports", "443", Parsers::ports).in(KEYS);
  public static final Setting<Integer> RING =
      Setting.of("capture.ring", "4Mi", s -> Parsers.powerOfTwoBytes(s, 128 << 10, 1 << 30))
          .in(KEYS);
  public static final Setting<Integer> MAX_RING_MEMORY =
      Setting.of(
              "capture.max-ring-memory",
              "256Mi",
              s -> Parsers.powerOfTwoBytes(s, 128 << 10, 1 << 30))
          .in(KEYS);

  /** The area: these keys, and the configuration made of them. */
  public static final ConfigArea<Optional<CaptureConfig>> AREA = KEYS.area(CaptureSettings::read);

  private CaptureSettings() {}

  private static Optional<CaptureConfig> read(Values values) {
    String interfaces = values.get(INTERFACES);
    if (interfaces.equals("none")) {
      return Optional.empty();
    }
    InterfaceSelection selection;
    try {
      selection = InterfaceSelection.parse(interfaces);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(INTERFACES.key() + ": " + e.getMessage());
    }
    int ring = values.get(RING);
    if (ring > values.get(MAX_RING_MEMORY)) {
      throw new ConfigException(
          MAX_RING_MEMORY.key()
              + ": smaller than one ring ("
              + RING.key()
              + " "
              + (ring >> 10)
              + "Ki)");
    }
    return Optional.of(
        CaptureConfig.of(selection)
            .withRescanPeriod(values.get(RESCAN_EVERY))
            .withRing(RingConfig.ofBytes(ring))
            .withMaxRingBytes(values.get(MAX_RING_MEMORY))
            .withTlsPorts(values.get(TLS_PORTS)));
  }
}
