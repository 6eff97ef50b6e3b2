package dev.tcpmap.api;

import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.ConfigException;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The {@code api.*} keys of the HTTP API. */
public final class ApiSettings {
  private static final ConfigArea.Keys KEYS = new ConfigArea.Keys();

  public static final Setting<Integer> PORT =
      Setting.of("api.port", "6676", Parsers::port)
          .alias("K8S_PACKET_TCP_LISTENER_PORT")
          .option("--port", "PORT", "port of the HTTP API")
          .in(KEYS);
  public static final Setting<String> BIND =
      Setting.of("api.bind", "127.0.0.1", Parsers::nonEmpty)
          .option("--bind", "ADDRESS", "address of the HTTP API")
          .in(KEYS);
  public static final Setting<Duration> DEFAULT_WINDOW =
      Setting.of("api.default-window", "0s", Parsers::nonNegativeDuration).in(KEYS);
  public static final Setting<List<String>> CORS_ORIGINS =
      Setting.of("api.cors-origins", "", ApiSettings::origins).in(KEYS);
  public static final Setting<List<String>> ALLOWED_HOSTS =
      Setting.of("api.allowed-hosts", "", ApiSettings::hosts).in(KEYS);
  public static final Setting<String> TOKEN_FILE =
      Setting.of("api.token-file", "", Parsers::text).in(KEYS);
  public static final Setting<String> TLS_CERT_FILE =
      Setting.of("api.tls-cert-file", "", Parsers::text).in(KEYS);
  public static final Setting<String> TLS_KEY_FILE =
      Setting.of("api.tls-key-file", "", Parsers::text).in(KEYS);
  public static final Setting<String> TLS_CA_FILE =
      Setting.of("api.tls-ca-file", "", Parsers::text).in(KEYS);

  /** A host name as DNS writes it, or an IPv4 address. */
  private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9_]([a-z0-9_.-]{0,252})");

  /**
   * The API's configuration, each key as its setting says; an empty text is an unset file.
   *
   * @param corsOrigins origins ({@code https://grafana.example:3000}, lower case) a browser's
   *     script may read the API from, or {@code *} alone for any; empty for none
   * @param allowedHosts names ({@code tcpmap.example}, lower case) accepted in the {@code Host}
   *     field besides the loopback names
   */
  public record Config(
      int port,
      String bind,
      Duration defaultWindow,
      List<String> corsOrigins,
      List<String> allowedHosts,
      String tokenFile,
      String tlsCertFile,
      String tlsKeyFile,
      String tlsCaFile) {
    public Config {
      corsOrigins = List.copyOf(corsOrigins);
      allowedHosts = List.copyOf(allowedHosts);
    }
  }

  /** The area: these keys, and the configuration made of them. */
  public static final ConfigArea<Config> AREA = KEYS.area(ApiSettings::read);

  private ApiSettings() {}

  private static Config read(Values values) {
    String cert = values.get(TLS_CERT_FILE);
    String key = values.get(TLS_KEY_FILE);
    String ca = values.get(TLS_CA_FILE);
    if (cert.isEmpty() != key.isEmpty()) {
      throw new ConfigException(
          TLS_CERT_FILE.key()
              + " and "
              + TLS_KEY_FILE.key()
              + " are set together (the certificate chain and its private key): only "
              + (cert.isEmpty() ? TLS_KEY_FILE : TLS_CERT_FILE).key()
              + " is set");
    }
    if (!ca.isEmpty() && cert.isEmpty()) {
      throw new ConfigException(
          TLS_CA_FILE.key()
              + " is for the agents' HTTPS calls to each other: it needs "
              + TLS_CERT_FILE.key()
              + " and "
              + TLS_KEY_FILE.key());
    }
    return new Config(
        values.get(PORT),
        values.get(BIND),
        values.get(DEFAULT_WINDOW),
        values.get(CORS_ORIGINS),
        values.get(ALLOWED_HOSTS),
        values.get(TOKEN_FILE),
        cert,
        key,
        ca);
  }

  /**
   * A comma list of origins ({@code scheme://host[:port]}, as a browser sends them in {@code
   * Origin}), or {@code *} alone; empty for none.
   */
  static List<String> origins(String text) {
    List<String> origins = commaList(text);
    if (origins.contains("*")) {
      if (origins.size() > 1) {
        throw new IllegalArgumentException("* allows every origin and stands alone: " + text);
      }
      return origins;
    }
    for (String origin : origins) {
      checkOrigin(origin);
    }
    return origins;
  }

  private static void checkOrigin(String origin) {
    String problem = "not an origin (scheme://host[:port], no path): " + origin;
    try {
      URI uri = new URI(origin);
      boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      if (!web
          || uri.getHost() == null
          || uri.getRawUserInfo() != null
          || !uri.getRawPath().isEmpty()
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        throw new IllegalArgumentException(problem);
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** A comma list of host names or addresses, without ports; IPv6 addresses in brackets. */
  static List<String> hosts(String text) {
    List<String> hosts = new ArrayList<>();
    for (String entry : commaList(text)) {
      // A fully qualified name's root dot: the Host field may carry it or not.
      String host = entry.endsWith(".") ? entry.substring(0, entry.length() - 1) : entry;
      boolean v6 = host.startsWith("[") && host.endsWith("]") && host.indexOf(':') > 0;
      if (!v6 && !HOST_NAME.matcher(host).matches()) {
        throw new IllegalArgumentException(
            "not a host name (a name or address without port; IPv6 in brackets): " + entry);
      }
      hosts.add(host);
    }
    return List.copyOf(hosts);
  }

  /** The lower-case, stripped, non-empty entries of a comma list, each once. */
  private static List<String> commaList(String text) {
    List<String> entries = new ArrayList<>();
    for (String part : text.split(",")) {
      String entry = part.strip().toLowerCase(Locale.ROOT);
      if (!entry.isEmpty() && !entries.contains(entry)) {
        entries.add(entry);
      }
    }
    return List.copyOf(entries);
  }
}
