package dev.tcpmap.kubernetes;

import dev.tcpmap.core.config.ConfigArea;
import dev.tcpmap.core.config.Parsers;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.config.Values;
import java.time.Duration;

/** The {@code kubernetes.*} and {@code cluster.*} keys: names from the API, and the peer agents. */
public final class KubernetesSettings {
  private static final ConfigArea.Keys KEYS = new ConfigArea.Keys();

  public static final Setting<Boolean> DISABLED =
      Setting.of("kubernetes.disabled", "false", Parsers::bool)
          .alias("K8S_PACKET_K8S_RESOURCES_DISABLED")
          .in(KEYS);
  public static final Setting<String> KUBECONFIG =
      Setting.of("kubernetes.kubeconfig", "", Parsers::text)
          .option("--kubeconfig", "FILE", "name pods, workloads and Services from this cluster")
          .in(KEYS);
  public static final Setting<Duration> TOMBSTONE_GRACE =
      Setting.of("kubernetes.tombstone-grace", "24h", Parsers::nonNegativeDuration).in(KEYS);
  public static final Setting<Integer> MAX_TOMBSTONES =
      Setting.of("kubernetes.max-tombstones", "50000", s -> Parsers.atLeast(s, 0)).in(KEYS);
  public static final Setting<String> PEER_LABEL_SELECTOR =
      Setting.of("cluster.peer-label-selector", "app.kubernetes.io/name=tcpmap", Parsers::text)
          .alias("K8S_PACKET_API_LABEL_SELECTOR")
          .in(KEYS);
  public static final Setting<String> PEER_FIELD_SELECTOR =
      Setting.of("cluster.peer-field-selector", "", Parsers::text)
          .alias("K8S_PACKET_API_FIELD_SELECTOR")
          .in(KEYS);
  public static final Setting<String> PEER_NAMESPACE =
      Setting.of("cluster.peer-namespace", "", Parsers::text).in(KEYS);
  public static final Setting<Integer> PEER_PORT =
      Setting.of("cluster.peer-port", "0", Parsers::port).in(KEYS);
  public static final Setting<Duration> PEER_TIMEOUT =
      Setting.of("cluster.peer-timeout", "5s", Parsers::positiveDuration).in(KEYS);
  public static final Setting<String> POD_NAME =
      Setting.of("cluster.pod-name", "", Parsers::text).in(KEYS);

  /**
   * The Kubernetes configuration.
   *
   * @param disabled never use the API
   * @param kubeconfig the kubeconfig file given, "" for none
   * @param peerPort the peers' API port, 0 for the same as this agent's
   */
  public record Config(
      boolean disabled,
      String kubeconfig,
      Duration tombstoneGrace,
      int maxTombstones,
      String peerLabelSelector,
      String peerFieldSelector,
      String peerNamespace,
      int peerPort,
      Duration peerTimeout,
      String podName) {}

  /** The area: these keys, and the configuration made of them. */
  public static final ConfigArea<Config> AREA = KEYS.area(KubernetesSettings::read);

  private KubernetesSettings() {}

  private static Config read(Values values) {
    return new Config(
        values.get(DISABLED),
        values.get(KUBECONFIG),
        values.get(TOMBSTONE_GRACE),
        values.get(MAX_TOMBSTONES),
        values.get(PEER_LABEL_SELECTOR),
        values.get(PEER_FIELD_SELECTOR),
        values.get(PEER_NAMESPACE),
        values.get(PEER_PORT),
        values.get(PEER_TIMEOUT),
        values.get(POD_NAME));
  }
}
