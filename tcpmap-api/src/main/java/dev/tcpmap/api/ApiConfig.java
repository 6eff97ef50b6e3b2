package dev.tcpmap.api;

import dev.tcpmap.api.http.AccessConfig;
import dev.tcpmap.core.cluster.BackendLookup;
import dev.tcpmap.core.cluster.PeerDirectory;
import dev.tcpmap.core.model.Checks;
import dev.tcpmap.core.model.Resolver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the HTTP API needs to know. Immutable.
 *
 * @param bind address and port to listen on; port 0 picks a free port (see {@link
 *     ApiServer#port()})
 * @param persistentThreshold a connection lasting at least this long is persistent
 * @param resolver names addresses as the cluster and the lookups know them (TLS records, metrics);
 *     {@link Resolver#IP_ONLY} without Kubernetes
 * @param names names addresses with all that is known now, the traffic's names included: for the
 *     ends that were unknown when the aggregator named them ({@code LateNames})
 * @param clock the time used for the default window and {@code asOf}-less answers
 * @param defaultWindow when a request gives neither {@code from} nor {@code to}, it covers the last
 *     {@code defaultWindow}; {@link Duration#ZERO} means all time (as k8spacket)
 * @param peers the other agents of the cluster; with peers, the graph endpoints answer for the
 *     whole cluster; {@link PeerDirectory#NONE} by default (this agent alone)
 * @param peerTimeout how long a cluster-wide answer waits for the peers; 5 s by default
 * @param backends the workloads behind a Service, listed on Service nodes of {@code /api/v1/graph}
 *     so that a user can see through a ClusterIP; none by default (no Kubernetes)
 * @param access who may call the API and over what (CORS, {@code Host}, token, TLS); the peers are
 *     called with the same token and TLS
 */
public record ApiConfig(
    InetSocketAddress bind,
    Duration persistentThreshold,
    Resolver resolver,
    Resolver names,
    InstantSource clock,
    Duration defaultWindow,
    PeerDirectory peers,
    Duration peerTimeout,
    BackendLookup backends,
    AccessConfig access) {

  /** How long a cluster-wide answer waits for the peers unless configured. */
  public static final Duration DEFAULT_PEER_TIMEOUT = Duration.ofSeconds(5);

  public ApiConfig {
    Checks.nonNull("bind clock access peerTimeout", bind, clock, access, peerTimeout);
    Checks.nonNull("resolver names peers backends", resolver, names, peers, backends);
    Checks.nonNull("persistentThreshold defaultWindow", persistentThreshold, defaultWindow);
    if (persistentThreshold.isNegative()) {
      throw new IllegalArgumentException("persistentThreshold is negative: " + persistentThreshold);
    }
    if (defaultWindow.isNegative()) {
      throw new IllegalArgumentException("defaultWindow is negative: " + defaultWindow);
    }
    if (peerTimeout.isNegative() || peerTimeout.isZero()) {
      throw new IllegalArgumentException("peerTimeout must be positive: " + peerTimeout);
    }
  }

  /**
   * The API as {@code api.*} sets it up, with {@code persistent} as the persistent threshold,
   * naming addresses by IP, on the system clock, without peers.
   */
  public static ApiConfig from(ApiSettings.Config config, Duration persistent) {
    Copy api = new Copy();
    api.bind = new InetSocketAddress(config.bind(), config.port());
    api.persistentThreshold = persistent;
    api.defaultWindow = config.defaultWindow();
    api.access = access(config);
    return api.build();
  }

  /** {@code api.*}'s access settings; an empty file setting is no file. */
  private static AccessConfig access(ApiSettings.Config config) {
    AccessConfig access =
        AccessConfig.DEFAULTS
            .withCorsOrigins(config.corsOrigins())
            .withAllowedHosts(config.allowedHosts());
    if (!config.tokenFile().isEmpty()) {
      access =
          access.withTokenFile(Path.of(config.tokenFile()), AccessConfig.DEFAULT_TOKEN_RECHECK);
    }
    if (!config.tlsCertFile().isEmpty()) {
      access =
          access.withTls(
              new AccessConfig.TlsFiles(
                  Path.of(config.tlsCertFile()),
                  Path.of(config.tlsKeyFile()),
                  config.tlsCaFile().isEmpty()
                      ? Optional.empty()
                      : Optional.of(Path.of(config.tlsCaFile()))));
    }
    return access;
  }

  /** Who may call the API, and over what. */
  public ApiConfig withAccess(AccessConfig newAccess) {
    return with(api -> api.access = newAccess);
  }

  public ApiConfig withBind(InetSocketAddress newBind) {
    return with(api -> api.bind = newBind);
  }

  public ApiConfig withClock(InstantSource newClock) {
    return with(api -> api.clock = newClock);
  }

  /** Names by {@code newResolver}, and the late names too unless {@link #withNames} says more. */
  public ApiConfig withResolver(Resolver newResolver) {
    return with(
        api -> {
          api.resolver = newResolver;
          api.names = newResolver;
        });
  }

  /** Late names ({@code LateNames}) by {@code newNames}. */
  public ApiConfig withNames(Resolver newNames) {
    return with(api -> api.names = newNames);
  }

  public ApiConfig withDefaultWindow(Duration newWindow) {
    return with(api -> api.defaultWindow = newWindow);
  }

  public ApiConfig withPersistentThreshold(Duration newThreshold) {
    return with(api -> api.persistentThreshold = newThreshold);
  }

  /** With peers: the graph endpoints answer for the cluster, waiting at most {@code timeout}. */
  public ApiConfig withPeers(PeerDirectory newPeers, Duration timeout) {
    return with(
        api -> {
          api.peers = newPeers;
          api.peerTimeout = timeout;
        });
  }

  /** With the workloads behind Services (from the Kubernetes API's EndpointSlices). */
  public ApiConfig withBackends(BackendLookup newBackends) {
    return with(api -> api.backends = newBackends);
  }

  /** This config with what {@code change} sets; the constructor checks the result. */
  private ApiConfig with(Consumer<Copy> change) {
    Copy api = new Copy(this);
    change.accept(api);
    return api.build();
  }

  /** The components, settable one by one, with {@link #from}'s defaults. */
  private static final class Copy {
    private InetSocketAddress bind;
    private Duration persistentThreshold;
    private Resolver resolver = Resolver.IP_ONLY;
    private Resolver names = Resolver.IP_ONLY;
    private InstantSource clock = InstantSource.system();
    private Duration defaultWindow;
    private PeerDirectory peers = PeerDirectory.NONE;
    private Duration peerTimeout = DEFAULT_PEER_TIMEOUT;
    private BackendLookup backends = BackendLookup.NONE;
    private AccessConfig access;

    /** The defaults of {@link #from}; the caller sets the rest. */
    private Copy() {}

    private Copy(ApiConfig config) {
      bind = config.bind;
      persistentThreshold = config.persistentThreshold;
      resolver = config.resolver;
      names = config.names;
      clock = config.clock;
      defaultWindow = config.defaultWindow;
      peers = config.peers;
      peerTimeout = config.peerTimeout;
      backends = config.backends;
      access = config.access;
    }

    private ApiConfig build() {
      return new ApiConfig(
          bind,
          persistentThreshold,
          resolver,
          names,
          clock,
          defaultWindow,
          peers,
          peerTimeout,
          backends,
          access);
    }
  }
}
