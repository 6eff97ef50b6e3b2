package dev.tcpmap.enrich;

import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import java.time.Duration;

/** The {@code names.*} keys: looked-up names of external addresses. */
public final class NamesSettings {
  private static final ConfigArea.Keys KEYS = new ConfigArea.Keys();

  public static final Setting<Boolean> REVERSE_DNS =
      Setting.of("names.reverse-dns", "true", Parsers::bool).in(KEYS);
  public static final Setting<String> DNS_SERVER =
      Setting.of("names.dns-server", "", Parsers::text).in(KEYS);
  public static final Setting<String> GEOIP_DATABASE =
      Setting.of("names.geoip-database", "", Parsers::text)
          .alias("K8S_PACKET_REVERSE_GEOIP2_DB_PATH")
          .in(KEYS);
  public static final Setting<String> WHOIS_REGEXP =
      Setting.of("names.whois-regexp", "", Parsers::regexWithGroup)
          .alias("K8S_PACKET_REVERSE_WHOIS_REGEXP")
          .in(KEYS);
  public static final Setting<String> WHOIS_SERVER =
      Setting.of("names.whois-server", "whois.iana.org", Parsers::nonEmpty).in(KEYS);
  public static final Setting<Duration> LOOKUP_TIMEOUT =
      Setting.of("names.lookup-timeout", "2s", Parsers::positiveDuration).in(KEYS);
  public static final Setting<Duration> CACHE_TTL =
      Setting.of("names.cache-ttl", "1h", Parsers::positiveDuration).in(KEYS);
  public static final Setting<Integer> MAX_ADDRESSES =
      Setting.of("names.max-addresses", "10000", s -> Parsers.atLeast(s, 1)).in(KEYS);

  /**
   * The lookups' configuration, each key as its setting says.
   *
   * @param reverseDnsGiven whether {@code names.reverse-dns} was given, not left at its default
   */
  public record Config(
      boolean reverseDns,
      boolean reverseDnsGiven,
      String dnsServer,
      String geoipDatabase,
      String whoisRegexp,
      String whoisServer,
      Duration lookupTimeout,
      Duration cacheTtl,
      int maxAddresses) {

    /**
     * For a capture file: it may come from a network this host has nothing to do with, so nobody is
     * asked about its addresses unless the user said so (as tshark resolves nothing unless asked).
     * Reverse DNS only when {@code names.reverse-dns=true} was given; whois only with a regex,
     * which is always given; GeoIP reads a local file and asks no one.
     */
    public Config forCaptureFile() {
      return new Config(
          reverseDns && reverseDnsGiven,
          reverseDnsGiven,
          dnsServer,
          geoipDatabase,
          whoisRegexp,
          whoisServer,
          lookupTimeout,
          cacheTtl,
          maxAddresses);
    }
  }

  /** The area: these keys, and the configuration made of them. */
  public static final ConfigArea<Config> AREA = KEYS.area(NamesSettings::read);

  private NamesSettings() {}

  private static Config read(Values values) {
    return new Config(
        values.get(REVERSE_DNS),
        values.given(REVERSE_DNS),
        values.get(DNS_SERVER),
        values.get(GEOIP_DATABASE),
        values.get(WHOIS_REGEXP),
        values.get(WHOIS_SERVER),
        values.get(LOOKUP_TIMEOUT),
        values.get(CACHE_TTL),
        values.get(MAX_ADDRESSES));
  }
}
