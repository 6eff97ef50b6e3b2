package dev.tcpmap.core.config;

import java.time.Duration;
import java.util.List;

/**
 * The whole configuration, immutable, built by {@link Settings#load}. Each component is one key of
 * {@link Settings#ALL}; see docs/configuration.md for meanings and defaults.
 */
public record TcpmapConfig(
    int apiPort,
    String apiBind,
    Duration apiDefaultWindow,
    Duration persistentDuration,
    Duration idleTimeout,
    Duration connectTimeout,
    int maxTracked,
    int maxConnections,
    int tracerMaxSockets,
    int tracerRingBuffer,
    Duration tracerIterateEvery,
    int agentMaxConnections,
    int agentMaxHandshakes,
    String storeDataDir,
    Duration storeBucketWidth,
    Duration storeCoarseWidth,
    Duration storeDownsampleAfter,
    Duration storeRetention,
    int storeMaxTlsHandshakes,
    String captureInterfaces,
    Duration captureRescanEvery,
    List<Integer> captureTlsPorts,
    int captureRing,
    int captureMaxRingMemory,
    boolean kubernetesDisabled,
    String kubeconfig,
    Duration tombstoneGrace,
    int maxTombstones,
    String peerLabelSelector,
    String peerFieldSelector,
    String peerNamespace,
    int peerPort,
    Duration peerTimeout,
    String podName,
    boolean tlsProbeCertificates,
    Duration tlsCertificateCacheTtl,
    Duration tlsProbeTimeout,
    int tlsMaxProbedServers,
    boolean namesReverseDns,
    String namesDnsServer,
    String namesGeoipDatabase,
    String namesWhoisRegexp,
    String namesWhoisServer,
    Duration namesLookupTimeout,
    Duration namesCacheTtl,
    int namesMaxAddresses) {

  public TcpmapConfig {
    captureTlsPorts = List.copyOf(captureTlsPorts);
  }

  /** Every key at its default, ignoring the environment. */
  public static TcpmapConfig defaults() {
    return Settings.load(java.util.Map.of(), java.util.Map.of()).config();
  }
}
