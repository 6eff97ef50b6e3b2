package dev.tcpmap.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every configuration key of tcpmap, in one table (docs/configuration.md is this table).
 *
 * <p>A value comes from, in order of precedence: a command-line option, the environment variable
 * {@code TCPMAP_<KEY>}, the k8spacket environment variable that means the same thing, the default.
 * Unknown {@code TCPMAP_*} variables and invalid values are rejected at start-up with the key in
 * the message.
 */
public final class Settings {
  public static final Setting<Integer> API_PORT =
      new Setting<>(
          "api.port",
          "6676",
          "TCP port of the HTTP API (k8spacket's port).",
          Optional.of("K8S_PACKET_TCP_LISTENER_PORT"),
          Settings::port);
  public static final Setting<String> API_BIND =
      new Setting<>(
          "api.bind",
          "127.0.0.1",
          "Address the HTTP API listens on; 0.0.0.0 or :: for every interface.",
          Optional.empty(),
          Settings::nonEmpty);
  public static final Setting<Duration> API_DEFAULT_WINDOW =
      new Setting<>(
          "api.default-window",
          "0s",
          "A request without from and to covers the last this long; 0s: all the history kept (as"
              + " k8spacket).",
          Optional.empty(),
          Settings::nonNegativeDuration);
  public static final Setting<Duration> PERSISTENT_DURATION =
      new Setting<>(
          "tcp.persistent-duration",
          "10s",
          "A connection that lasts at least this long counts as persistent.",
          Optional.of("K8S_PACKET_TCP_PERSISTENT_DURATION"),
          Settings::nonNegativeDuration);
  public static final Setting<Duration> IDLE_TIMEOUT =
      new Setting<>(
          "tcp.idle-timeout",
          "5m",
          "A tracked connection with no packet for this long (capture clock) ends as unknown.",
          Optional.empty(),
          Settings::positiveDuration);
  public static final Setting<Duration> CONNECT_TIMEOUT =
      new Setting<>(
          "tcp.connect-timeout",
          "20s",
          "A SYN unanswered for at least this long ends as timeout (else unknown).",
          Optional.empty(),
          Settings::positiveDuration);
  public static final Setting<Integer> MAX_TRACKED =
      new Setting<>(
          "tcp.max-tracked",
          "262144",
          "Most connections tracked at once; beyond it the least recently active is evicted and"
              + " counted.",
          Optional.empty(),
          s -> atLeast(s, 16));
  public static final Setting<Integer> MAX_CONNECTIONS =
      new Setting<>(
          "analyze.max-connections",
          "1000000",
          "Most connection records kept in memory for --json and --serve; beyond it records are"
              + " counted as lost.",
          Optional.empty(),
          s -> atLeast(s, 1));

  public static final Setting<Integer> TRACER_MAX_SOCKETS =
      new Setting<>(
          "tracer.max-sockets",
          "131072",
          "Live sockets the socket tracer keeps state for (a BPF LRU map); beyond it the least"
              + " recently used loses its start and process, counted as lost.",
          Optional.empty(),
          s -> between(s, 1024, 16_777_216));
  public static final Setting<Integer> TRACER_RING_BUFFER =
      new Setting<>(
          "tracer.ring-buffer",
          "8Mi",
          "Size of the socket tracer's BPF ring buffer in bytes (a power of two; Ki and Mi"
              + " suffixes); events that find it full are counted as lost.",
          Optional.empty(),
          Settings::ringBufferSize);
  public static final Setting<Duration> TRACER_ITERATE_EVERY =
      new Setting<>(
          "tracer.iterate-every",
          "5s",
          "How often the socket iterator reads every live socket's bytes so far.",
          Optional.empty(),
          s ->
              check(
                  GoDurations.parse(s), d -> d.toMillis() >= 100, "must be at least 100ms: " + s));
  public static final Setting<Integer> AGENT_MAX_CONNECTIONS =
      new Setting<>(
          "agent.max-connections",
          "250000",
          "Most closed connection records the agent keeps in memory; beyond it the oldest are"
              + " dropped and counted as lost.",
          Optional.empty(),
          s -> atLeast(s, 1));
  public static final Setting<Integer> AGENT_MAX_HANDSHAKES =
      new Setting<>(
          "agent.max-handshakes",
          "50000",
          "Most TLS handshakes (and, apart, most DNS answers) the agent keeps in memory; beyond it"
              + " the oldest are dropped and counted as lost.",
          Optional.empty(),
          s -> atLeast(s, 1));

  public static final Setting<String> STORE_DATA_DIR =
      new Setting<>(
          "store.data-dir",
          "",
          "Directory of the agent's history database; empty: the user's state directory"
              + " ($XDG_STATE_HOME/tcpmap, else ~/.local/state/tcpmap); none: history in memory"
              + " only.",
          Optional.empty(),
          s -> s);
  public static final Setting<Duration> STORE_BUCKET_WIDTH =
      new Setting<>(
          "store.bucket-width",
          "10s",
          "Width of the history's time buckets: the finest window edge a query can have.",
          Optional.empty(),
          Settings::positiveDuration);
  public static final Setting<Duration> STORE_COARSE_WIDTH =
      new Setting<>(
          "store.coarse-width",
          "1m",
          "Width of the buckets older history is downsampled to (a multiple of the bucket width).",
          Optional.empty(),
          Settings::positiveDuration);
  public static final Setting<Duration> STORE_DOWNSAMPLE_AFTER =
      new Setting<>(
          "store.downsample-after",
          "24h",
          "History older than this is kept in coarse buckets only.",
          Optional.empty(),
          Settings::positiveDuration);
  public static final Setting<Duration> STORE_RETENTION =
      new Setting<>(
          "store.retention",
          "168h",
          "History older than this is dropped.",
          Optional.empty(),
          Settings::positiveDuration);

  public static final Setting<Integer> STORE_MAX_TLS_HANDSHAKES =
      new Setting<>(
          "store.max-tls-handshakes",
          "1000000",
          "Most TLS handshakes the history keeps; beyond it the oldest are dropped and counted.",
          Optional.empty(),
          s -> atLeast(s, 1));

  public static final Setting<String> CAPTURE_INTERFACES =
      new Setting<>(
          "capture.interfaces",
          "auto",
          "Interfaces the agent captures TLS handshakes and DNS answers on: auto, any, a list of"
              + " names and globs, ~regex, or none (no live capture).",
          Optional.empty(),
          Settings::nonEmpty);
  public static final Setting<Duration> CAPTURE_RESCAN_EVERY =
      new Setting<>(
          "capture.rescan-every",
          "10s",
          "How often the interface list is read again (new interfaces opened, failed ones"
              + " retried).",
          Optional.of("K8S_PACKET_TCP_LISTENER_INTERFACES_REFRESH_PERIOD"),
          s ->
              check(
                  GoDurations.parse(s), d -> d.toMillis() >= 100, "must be at least 100ms: " + s));
  public static final Setting<List<Integer>> CAPTURE_TLS_PORTS =
      new Setting<>(
          "capture.tls-ports",
          "443",
          "TCP ports whose every payload segment passes the capture filter (a comma list, or"
              + " none); handshakes on other ports are still read from the connection's start.",
          Optional.empty(),
          Settings::ports);
  public static final Setting<Integer> CAPTURE_RING =
      new Setting<>(
          "capture.ring",
          "4Mi",
          "Kernel memory of each captured interface's packet ring (a power of two from 128Ki to"
              + " 1024Mi); packets that find it full are counted as lost.",
          Optional.empty(),
          s -> sizeBetween(s, 128 << 10, 1 << 30));
  public static final Setting<Integer> CAPTURE_MAX_RING_MEMORY =
      new Setting<>(
          "capture.max-ring-memory",
          "256Mi",
          "Kernel memory of all capture rings together; an interface beyond it is not captured"
              + " (its state says so).",
          Optional.empty(),
          s -> sizeBetween(s, 128 << 10, 1 << 30));

  public static final Setting<Boolean> KUBERNETES_DISABLED =
      new Setting<>(
          "kubernetes.disabled",
          "false",
          "Do not use the Kubernetes API even where it is available: addresses are named by IP"
              + " (and local process).",
          Optional.of("K8S_PACKET_K8S_RESOURCES_DISABLED"),
          Settings::bool);
  public static final Setting<String> KUBECONFIG =
      new Setting<>(
          "kubernetes.kubeconfig",
          "",
          "Path of a kubeconfig file to reach the Kubernetes API with. Empty: the pod's service"
              + " account when running in a cluster (KUBERNETES_SERVICE_HOST is set), else no"
              + " Kubernetes.",
          Optional.empty(),
          String::strip);
  public static final Setting<Duration> TOMBSTONE_GRACE =
      new Setting<>(
          "kubernetes.tombstone-grace",
          "24h",
          "How long a deleted pod (or service, node) is remembered, so that connections it made"
              + " keep its name after its IP is reused.",
          Optional.empty(),
          Settings::nonNegativeDuration);
  public static final Setting<Integer> MAX_TOMBSTONES =
      new Setting<>(
          "kubernetes.max-tombstones",
          "50000",
          "Most deleted objects remembered at once; beyond it the oldest are forgotten first and"
              + " counted.",
          Optional.empty(),
          s -> atLeast(s, 0));
  public static final Setting<String> PEER_LABEL_SELECTOR =
      new Setting<>(
          "cluster.peer-label-selector",
          "app.kubernetes.io/name=tcpmap",
          "Label selector of the tcpmap agent pods that a cluster-wide answer asks.",
          Optional.of("K8S_PACKET_API_LABEL_SELECTOR"),
          String::strip);
  public static final Setting<String> PEER_FIELD_SELECTOR =
      new Setting<>(
          "cluster.peer-field-selector",
          "",
          "Field selector of the agent pods (e.g. metadata.namespace=tcpmap); empty: none.",
          Optional.of("K8S_PACKET_API_FIELD_SELECTOR"),
          String::strip);
  public static final Setting<String> PEER_NAMESPACE =
      new Setting<>(
          "cluster.peer-namespace",
          "",
          "Namespace of the agent pods; empty: every namespace.",
          Optional.empty(),
          String::strip);
  public static final Setting<Integer> PEER_PORT =
      new Setting<>(
          "cluster.peer-port",
          "0",
          "Port of the other agents' HTTP API; 0: the same as api.port.",
          Optional.empty(),
          Settings::port);
  public static final Setting<Duration> PEER_TIMEOUT =
      new Setting<>(
          "cluster.peer-timeout",
          "5s",
          "How long a cluster-wide answer waits for each agent; one that does not answer in time"
              + " is named in the answer as missing.",
          Optional.empty(),
          Settings::positiveDuration);
  public static final Setting<String> POD_NAME =
      new Setting<>(
          "cluster.pod-name",
          "",
          "This agent's own pod name (set from the downward API), so that it answers for itself"
              + " without a request; empty: unknown.",
          Optional.empty(),
          String::strip);

  public static final Setting<Boolean> TLS_PROBE_CERTIFICATES =
      new Setting<>(
          "tls.probe-certificates",
          "true",
          "Whether the agent connects to a TLS server whose handshake carried no chain (TLS 1.3"
              + " encrypts it) to read its certificates, as k8spacket does.",
          Optional.empty(),
          Settings::bool);
  public static final Setting<Duration> TLS_CERTIFICATE_CACHE_TTL =
      new Setting<>(
          "tls.certificate-cache-ttl",
          "24h",
          "How long a probed chain is kept per (server IP, port, SNI) before it is probed again.",
          Optional.of("K8S_PACKET_TLS_CERTIFICATE_CACHE_TTL"),
          Settings::positiveDuration);
  public static final Setting<Duration> TLS_PROBE_TIMEOUT =
      new Setting<>(
          "tls.probe-timeout",
          "3s",
          "How long one certificate probe may take to connect and complete its handshake.",
          Optional.empty(),
          Settings::positiveDuration);
  public static final Setting<Integer> TLS_MAX_PROBED_SERVERS =
      new Setting<>(
          "tls.max-probed-servers",
          "10000",
          "Most (server IP, port, SNI) probe results kept; beyond it the oldest are forgotten.",
          Optional.empty(),
          s -> atLeast(s, 1));
  public static final Setting<Boolean> NAMES_REVERSE_DNS =
      new Setting<>(
          "names.reverse-dns",
          "true",
          "Name external addresses the traffic did not name by a reverse DNS (PTR) lookup, off the"
              + " request path and cached.",
          Optional.empty(),
          Settings::bool);
  public static final Setting<String> NAMES_DNS_SERVER =
      new Setting<>(
          "names.dns-server",
          "",
          "DNS server for reverse lookups, host or host:port ([v6]:port); empty: the first"
              + " nameserver of /etc/resolv.conf, port 53.",
          Optional.empty(),
          String::strip);
  public static final Setting<String> NAMES_GEOIP_DATABASE =
      new Setting<>(
          "names.geoip-database",
          "",
          "Path of a GeoLite2/GeoIP2 City database; (country, city) of public external addresses is"
              + " appended to their name. Empty: off.",
          Optional.of("K8S_PACKET_REVERSE_GEOIP2_DB_PATH"),
          String::strip);
  public static final Setting<String> NAMES_WHOIS_REGEXP =
      new Setting<>(
          "names.whois-regexp",
          "",
          "Regex whose first group, found in a whois answer, names a public external address that"
              + " has no PTR name. Empty: no whois.",
          Optional.of("K8S_PACKET_REVERSE_WHOIS_REGEXP"),
          Settings::regexWithGroup);
  public static final Setting<String> NAMES_WHOIS_SERVER =
      new Setting<>(
          "names.whois-server",
          "whois.iana.org",
          "whois server asked first (TCP port 43, or host:port); one refer: line is followed.",
          Optional.empty(),
          Settings::nonEmpty);
  public static final Setting<Duration> NAMES_LOOKUP_TIMEOUT =
      new Setting<>(
          "names.lookup-timeout",
          "2s",
          "How long one reverse DNS, whois or GeoIP lookup may take before it counts as timeout.",
          Optional.empty(),
          Settings::positiveDuration);
  public static final Setting<Duration> NAMES_CACHE_TTL =
      new Setting<>(
          "names.cache-ttl",
          "1h",
          "How long a looked-up name (or a failed lookup) is kept before the address is looked up"
              + " again.",
          Optional.empty(),
          Settings::positiveDuration);
  public static final Setting<Integer> NAMES_MAX_ADDRESSES =
      new Setting<>(
          "names.max-addresses",
          "10000",
          "Most addresses whose looked-up names are kept; beyond it the oldest are forgotten.",
          Optional.empty(),
          s -> atLeast(s, 1));

  public static final List<Setting<?>> ALL =
      List.of(
          API_PORT,
          API_BIND,
          API_DEFAULT_WINDOW,
          PERSISTENT_DURATION,
          IDLE_TIMEOUT,
          CONNECT_TIMEOUT,
          MAX_TRACKED,
          MAX_CONNECTIONS,
          TRACER_MAX_SOCKETS,
          TRACER_RING_BUFFER,
          TRACER_ITERATE_EVERY,
          AGENT_MAX_CONNECTIONS,
          AGENT_MAX_HANDSHAKES,
          STORE_DATA_DIR,
          STORE_BUCKET_WIDTH,
          STORE_COARSE_WIDTH,
          STORE_DOWNSAMPLE_AFTER,
          STORE_RETENTION,
          STORE_MAX_TLS_HANDSHAKES,
          CAPTURE_INTERFACES,
          CAPTURE_RESCAN_EVERY,
          CAPTURE_TLS_PORTS,
          CAPTURE_RING,
          CAPTURE_MAX_RING_MEMORY,
          KUBERNETES_DISABLED,
          KUBECONFIG,
          TOMBSTONE_GRACE,
          MAX_TOMBSTONES,
          PEER_LABEL_SELECTOR,
          PEER_FIELD_SELECTOR,
          PEER_NAMESPACE,
          PEER_PORT,
          PEER_TIMEOUT,
          POD_NAME,
          TLS_PROBE_CERTIFICATES,
          TLS_CERTIFICATE_CACHE_TTL,
          TLS_PROBE_TIMEOUT,
          TLS_MAX_PROBED_SERVERS,
          NAMES_REVERSE_DNS,
          NAMES_DNS_SERVER,
          NAMES_GEOIP_DATABASE,
          NAMES_WHOIS_REGEXP,
          NAMES_WHOIS_SERVER,
          NAMES_LOOKUP_TIMEOUT,
          NAMES_CACHE_TTL,
          NAMES_MAX_ADDRESSES);

  private Settings() {}

  /**
   * Resolves every key.
   *
   * @param options values given on the command line, by key
   * @param environment the process environment
   * @return the configuration, and the k8spacket aliases that were used (to say so at start-up)
   * @throws ConfigException for an unknown key or an invalid value
   */
  public static Loaded load(Map<String, String> options, Map<String, String> environment) {
    rejectUnknown(options, environment);
    Map<Setting<?>, Object> values = new LinkedHashMap<>();
    List<String> aliasesUsed = new ArrayList<>();
    for (Setting<?> setting : ALL) {
      values.put(setting, resolve(setting, options, environment, aliasesUsed));
    }
    TcpmapConfig config =
        new TcpmapConfig(
            (Integer) values.get(API_PORT),
            (String) values.get(API_BIND),
            (Duration) values.get(API_DEFAULT_WINDOW),
            (Duration) values.get(PERSISTENT_DURATION),
            (Duration) values.get(IDLE_TIMEOUT),
            (Duration) values.get(CONNECT_TIMEOUT),
            (Integer) values.get(MAX_TRACKED),
            (Integer) values.get(MAX_CONNECTIONS),
            (Integer) values.get(TRACER_MAX_SOCKETS),
            (Integer) values.get(TRACER_RING_BUFFER),
            (Duration) values.get(TRACER_ITERATE_EVERY),
            (Integer) values.get(AGENT_MAX_CONNECTIONS),
            (Integer) values.get(AGENT_MAX_HANDSHAKES),
            (String) values.get(STORE_DATA_DIR),
            (Duration) values.get(STORE_BUCKET_WIDTH),
            (Duration) values.get(STORE_COARSE_WIDTH),
            (Duration) values.get(STORE_DOWNSAMPLE_AFTER),
            (Duration) values.get(STORE_RETENTION),
            (Integer) values.get(STORE_MAX_TLS_HANDSHAKES),
            (String) values.get(CAPTURE_INTERFACES),
            (Duration) values.get(CAPTURE_RESCAN_EVERY),
            portList(values.get(CAPTURE_TLS_PORTS)),
            (Integer) values.get(CAPTURE_RING),
            (Integer) values.get(CAPTURE_MAX_RING_MEMORY),
            (Boolean) values.get(KUBERNETES_DISABLED),
            (String) values.get(KUBECONFIG),
            (Duration) values.get(TOMBSTONE_GRACE),
            (Integer) values.get(MAX_TOMBSTONES),
            (String) values.get(PEER_LABEL_SELECTOR),
            (String) values.get(PEER_FIELD_SELECTOR),
            (String) values.get(PEER_NAMESPACE),
            (Integer) values.get(PEER_PORT),
            (Duration) values.get(PEER_TIMEOUT),
            (String) values.get(POD_NAME),
            (Boolean) values.get(TLS_PROBE_CERTIFICATES),
            (Duration) values.get(TLS_CERTIFICATE_CACHE_TTL),
            (Duration) values.get(TLS_PROBE_TIMEOUT),
            (Integer) values.get(TLS_MAX_PROBED_SERVERS),
            (Boolean) values.get(NAMES_REVERSE_DNS),
            (String) values.get(NAMES_DNS_SERVER),
            (String) values.get(NAMES_GEOIP_DATABASE),
            (String) values.get(NAMES_WHOIS_REGEXP),
            (String) values.get(NAMES_WHOIS_SERVER),
            (Duration) values.get(NAMES_LOOKUP_TIMEOUT),
            (Duration) values.get(NAMES_CACHE_TTL),
            (Integer) values.get(NAMES_MAX_ADDRESSES));
    return new Loaded(config, List.copyOf(aliasesUsed));
  }

  /** A loaded configuration and the k8spacket variables it took values from. */
  public record Loaded(TcpmapConfig config, List<String> aliasesUsed) {}

  private static Object resolve(
      Setting<?> setting,
      Map<String, String> options,
      Map<String, String> environment,
      List<String> aliasesUsed) {
    if (options.containsKey(setting.key())) {
      return setting.parse(options.get(setting.key()), "option for " + setting.key());
    }
    String own = environment.get(setting.environmentName());
    if (own != null) {
      return setting.parse(own, setting.environmentName());
    }
    if (setting.k8spacketAlias().isPresent()) {
      String alias = setting.k8spacketAlias().get();
      String value = environment.get(alias);
      if (value != null) {
        aliasesUsed.add(alias + " -> " + setting.key());
        return setting.parse(value, alias);
      }
    }
    return setting.parse(setting.defaultValue(), "default");
  }

  private static void rejectUnknown(Map<String, String> options, Map<String, String> environment) {
    Set<String> keys = new TreeSet<>();
    Set<String> envNames = new TreeSet<>();
    for (Setting<?> setting : ALL) {
      keys.add(setting.key());
      envNames.add(setting.environmentName());
    }
    for (String key : options.keySet()) {
      if (!keys.contains(key)) {
        throw new ConfigException(key + ": unknown configuration key (known: " + keys + ")");
      }
    }
    for (String name : new TreeSet<>(environment.keySet())) {
      if (name.startsWith("TCPMAP_") && !envNames.contains(name) && !LAUNCHER_ENV.contains(name)) {
        throw new ConfigException(
            name + ": unknown configuration variable (known: " + envNames + ")");
      }
    }
  }

  /** Variables read by the ./tcpmap launcher script, not by the program. */
  private static final Set<String> LAUNCHER_ENV =
      Set.of("TCPMAP_HEAP", "TCPMAP_JAVA_OPTS", "TCPMAP_JAVA_HOME");

  private static Integer port(String s) {
    int port = integer(s);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + s);
    }
    return port;
  }

  /** A comma list of ports from 1 to 65535, or {@code none} for no port. */
  private static List<Integer> ports(String s) {
    if (s.strip().equals("none")) {
      return List.of();
    }
    List<Integer> ports = new ArrayList<>();
    for (String part : s.split(",")) {
      int port = port(part);
      if (port == 0) {
        throw new IllegalArgumentException("port out of range: " + part.strip());
      }
      ports.add(port);
    }
    return List.copyOf(ports);
  }

  /** The value of a list setting, typed again (the table holds values of every type). */
  private static List<Integer> portList(Object value) {
    return ((List<?>) value).stream().map(Integer.class::cast).toList();
  }

  private static Integer atLeast(String s, int min) {
    int value = integer(s);
    if (value < min) {
      throw new IllegalArgumentException("must be at least " + min + ": " + s);
    }
    return value;
  }

  private static Integer between(String s, int min, int max) {
    int value = integer(s);
    if (value < min || value > max) {
      throw new IllegalArgumentException("must be between " + min + " and " + max + ": " + s);
    }
    return value;
  }

  /** A power of two in bytes, with {@code Ki}/{@code Mi} suffixes, within [min, max]. */
  private static Integer sizeBetween(String s, int min, int max) {
    String t = s.strip();
    int shift = t.endsWith("Mi") ? 20 : t.endsWith("Ki") ? 10 : 0;
    long value = (long) integer(shift == 0 ? t : t.substring(0, t.length() - 2)) << shift;
    if (value < min || value > max || Long.bitCount(value) != 1) {
      throw new IllegalArgumentException(
          "must be a power of two from " + (min >> 10) + "Ki to " + (max >> 20) + "Mi: " + s);
    }
    return (int) value;
  }

  private static Integer ringBufferSize(String s) {
    String t = s.strip();
    int shift = t.endsWith("Mi") ? 20 : t.endsWith("Ki") ? 10 : 0;
    long value = (long) integer(shift == 0 ? t : t.substring(0, t.length() - 2)) << shift;
    if (value < 4096 || value > (1L << 30) || Long.bitCount(value) != 1) {
      throw new IllegalArgumentException("must be a power of two from 4Ki to 1024Mi: " + s);
    }
    return (int) value;
  }

  private static int integer(String s) {
    try {
      return Integer.parseInt(s.strip().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a whole number: '" + s + "'");
    }
  }

  /** As Go's {@code strconv.ParseBool}, which k8spacket reads its switches with. */
  private static Boolean bool(String s) {
    return switch (s.strip()) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> throw new IllegalArgumentException("not a boolean (true or false): '" + s + "'");
    };
  }

  private static String nonEmpty(String s) {
    if (s.isBlank()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return s.strip();
  }

  /**
   * A regex with at least one group (its first names the address), or empty for none. Checked at
   * start-up: k8spacket's MustCompile killed the process on a bad one at the first lookup.
   */
  private static String regexWithGroup(String s) {
    if (s.isEmpty()) {
      return s;
    }
    try {
      if (java.util.regex.Pattern.compile(s).matcher("").groupCount() < 1) {
        throw new IllegalArgumentException("needs a group, whose text names the address: " + s);
      }
    } catch (java.util.regex.PatternSyntaxException e) {
      throw new IllegalArgumentException("not a regex: " + e.getDescription() + ": " + s);
    }
    return s;
  }

  private static Duration positiveDuration(String s) {
    return check(GoDurations.parse(s), d -> d.isPositive(), "must be positive: " + s);
  }

  private static Duration nonNegativeDuration(String s) {
    return check(GoDurations.parse(s), d -> !d.isNegative(), "must not be negative: " + s);
  }

  private static <T> T check(T value, Function<T, Boolean> ok, String message) {
    if (!ok.apply(value)) {
      throw new IllegalArgumentException(message);
    }
    return value;
  }
}
