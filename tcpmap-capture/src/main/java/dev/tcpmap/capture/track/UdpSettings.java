package dev.tcpmap.capture.track;

import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import java.time.Duration;

/** The {@code udp.*} keys: UDP flows and DNS queries counted from packets. */
public final class UdpSettings {
  private static final ConfigArea.Keys KEYS = new ConfigArea.Keys();

  public static final Setting<Duration> IDLE_TIMEOUT =
      Setting.of("udp.idle-timeout", "30s", Parsers::positiveDuration).in(KEYS);
  public static final Setting<Integer> MAX_FLOWS =
      Setting.of("udp.max-flows", "65536", s -> Parsers.between(s, 16, UdpConfig.MAX_FLOWS_LIMIT))
          .in(KEYS);
  public static final Setting<Duration> DNS_TIMEOUT =
      Setting.of("udp.dns-timeout", "5s", Parsers::positiveDuration).in(KEYS);

  /** The area: these keys, and the configuration made of them. */
  public static final ConfigArea<UdpConfig> AREA = KEYS.area(UdpSettings::read);

  private UdpSettings() {}

  private static UdpConfig read(Values values) {
    return new UdpConfig(values.get(IDLE_TIMEOUT), values.get(MAX_FLOWS), values.get(DNS_TIMEOUT));
  }
}
