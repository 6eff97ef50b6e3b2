package dev.tcpmap.enrich;

import dev.tcpmap.core.config.ConfigException;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.core.event.EventSink;
import dev.tcpmap.core.event.LossReporter;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.source.Source;
import dev.tcpmap.core.source.SourceStatus;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Names of external addresses by reverse DNS, whois and GeoIP, looked up off the request path.
 * {@link #name} answers at once from the cache (a stale entry too, while it is looked up again) or
 * with nothing, and queues a lookup; {@value #WORKERS} virtual threads work the queue, so at most
 * that many lookups are in flight. The name is the PTR name, else the whois organisation, with
 * {@code " (CC, City)"} from GeoIP appended; whois and GeoIP only for public addresses ({@link
 * AddressScope}). Results and lookups that gave nothing are cached for the TTL, at most {@code
 * maxAddresses} of them (the oldest forgotten first). Thread-safe.
 */
public final class AddressNames implements Source {
  /** The name of this source, and of its losses. */
  public static final String SOURCE = "address-names";

  /** Lookups in flight at once: a burst of new addresses must not open hundreds of sockets. */
  static final int WORKERS = 8;

  /** Most addresses waiting for a lookup. */
  static final int MAX_QUEUED = 1024;

  /** A cached outcome: the name, or null when the lookups gave none. */
  private record Cached(String name, Instant expires) {}

  private final ReverseDns ptr;
  private final Whois whois;
  private final GeoIp geoIp;
  private final Duration ttl;
  private final InstantSource clock;
  private final Map<IpAddress, Cached> cache;
  private final Set<IpAddress> pending = ConcurrentHashMap.newKeySet();
  private final BlockingQueue<IpAddress> queue;
  private final LookupCounts counts = new LookupCounts();
  private final LongAdder queueFull = new LongAdder();
  private final List<Thread> workers = new ArrayList<>();
  private LossReporter reporter;

  AddressNames(
      ReverseDns ptr,
      Whois whois,
      GeoIp geoIp,
      Duration ttl,
      int maxAddresses,
      InstantSource clock) {
    this.ptr = ptr;
    this.whois = whois;
    this.geoIp = geoIp;
    this.ttl = ttl;
    this.clock = clock;
    this.cache =
        new LinkedHashMap<>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<IpAddress, Cached> eldest) {
            return size() > maxAddresses;
          }
        };
    this.queue = new ArrayBlockingQueue<>(Math.min(MAX_QUEUED, maxAddresses));
    for (int i = 0; i < WORKERS; i++) {
      workers.add(Thread.ofVirtual().name("address-names-" + i).start(this::work));
    }
  }

  /**
   * The service {@code config} asks for ({@code names.*}), or empty when every lookup is off.
   *
   * @throws ConfigException when the GeoIP database cannot be read, or a server setting is not
   *     {@code host[:port]}
   */
  public static Optional<AddressNames> start(NamesSettings.Config config, InstantSource clock) {
    Duration timeout = config.lookupTimeout();
    ReverseDns ptr =
        config.reverseDns()
            ? new ReverseDns(
                configured(
                    NamesSettings.DNS_SERVER,
                    () -> ReverseDns.server(config.dnsServer(), Path.of("/etc/resolv.conf"))),
                timeout)
            : null;
    Whois whois =
        config.whoisRegexp().isEmpty()
            ? null
            : new Whois(
                configured(
                    NamesSettings.WHOIS_SERVER, () -> HostPort.parse(config.whoisServer(), 43)),
                Pattern.compile(config.whoisRegexp()),
                timeout);
    GeoIp geoIp =
        config.geoipDatabase().isEmpty() ? null : GeoIp.open(Path.of(config.geoipDatabase()));
    if (ptr == null && whois == null && geoIp == null) {
      return Optional.empty();
    }
    return Optional.of(
        new AddressNames(ptr, whois, geoIp, config.cacheTtl(), config.maxAddresses(), clock));
  }

  /** A server setting read, its format error turned into a user error naming the setting. */
  private static <T> T configured(Setting<?> setting, Supplier<T> read) {
    try {
      return read.get();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(setting.key() + ": " + e.getMessage());
    }
  }

  /** The looked-up name of {@code address} if known; else empty, and a lookup is queued. */
  public Optional<String> name(IpAddress address) {
    Cached entry;
    synchronized (cache) {
      entry = cache.get(address);
    }
    if (entry == null || !clock.instant().isBefore(entry.expires())) {
      request(address);
    }
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.name());
  }

  private void request(IpAddress address) {
    if (!pending.add(address)) {
      return; // already queued or in flight
    }
    if (!queue.offer(address)) {
      pending.remove(address);
      queueFull.increment(); // asked again at a later request
    }
  }

  private void work() {
    try {
      while (true) {
        IpAddress address = queue.take();
        try {
          String name = lookUp(address);
          synchronized (cache) {
            cache.remove(address); // re-inserted as the newest
            cache.put(address, new Cached(name, clock.instant().plus(ttl)));
          }
        } finally {
          pending.remove(address);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closed
    }
  }

  /** The composed name, or null when no lookup gave one. */
  private String lookUp(IpAddress address) {
    boolean isPublic = AddressScope.isPublic(address);
    String name = ptr == null ? null : counted("ptr", () -> ptr.lookup(address));
    if (name == null && whois != null && isPublic) {
      name = counted("whois", () -> whois.organisation(address));
    }
    String place = geoIp != null && isPublic ? counted("geoip", () -> geoIp.place(address)) : null;
    if (place == null) {
      return name;
    }
    return (name == null ? address.toString() : name) + " (" + place + ")";
  }

  @FunctionalInterface
  private interface Lookup {
    Optional<String> run() throws IOException;
  }

  private String counted(String kind, Lookup lookup) {
    try {
      Optional<String> found = lookup.run();
      counts.add(kind, found.isPresent() ? "ok" : "none");
      return found.orElse(null);
    } catch (SocketTimeoutException e) {
      counts.add(kind, "timeout");
    } catch (Whois.RefusedReferral e) {
      counts.add(kind, "refused-referral");
    } catch (IOException | RuntimeException e) {
      // Unreachable, refused or malformed: counted, and cached as no name for the TTL.
      counts.add(kind, "error");
    }
    return null;
  }

  /** Lookups by {@code kind/result}. */
  public Map<String, Long> counts() {
    return counts.snapshot();
  }

  /**
   * Reports the addresses that found the lookup queue full to {@code sink}, as {@code
   * address-names/queue-full} losses, about once a second.
   */
  @Override
  public void start(EventSink sink) {
    reporter = LossReporter.start("address-names-losses", this::losses, SOURCE, sink);
  }

  @Override
  public List<SourceStatus> status() {
    return List.of(state());
  }

  /** The {@code address-names} source for {@code /api/v1/status}. */
  public SourceStatus state() {
    int cached;
    synchronized (cache) {
      cached = cache.size();
    }
    List<String> parts = new ArrayList<>();
    if (ptr != null) {
      parts.add("reverse DNS via " + ptr.server());
    }
    if (whois != null) {
      parts.add("whois via " + whois.server());
    }
    if (geoIp != null) {
      parts.add("GeoIP");
    }
    String message =
        String.join(", ", parts)
            + "; "
            + cached
            + " addresses cached, "
            + queue.size()
            + " waiting; lookups "
            + counts.snapshot();
    return new SourceStatus(SOURCE, SourceStatus.State.RUNNING, message);
  }

  /** Addresses that found the queue full, as a total since start. */
  Map<String, Long> losses() {
    long full = queueFull.sum();
    return full == 0 ? Map.of() : Map.of(SOURCE + "/queue-full", full);
  }

  /**
   * Registers {@code tcpmap_address_lookups_total{kind,result}} and {@code
   * tcpmap_address_lookups_dropped_total}, read at each scrape.
   */
  public void register(PrometheusRegistry registry) {
    CounterWithCallback.builder()
        .name("tcpmap_address_lookups_total")
        .help("Lookups of names for external addresses, by kind (ptr, whois, geoip) and result")
        .labelNames("kind", "result")
        .callback(
            callback ->
                counts
                    .snapshot()
                    .forEach(
                        (key, count) -> {
                          String[] kindResult = key.split("/", 2);
                          callback.call(count, kindResult[0], kindResult[1]);
                        }))
        .register(registry);
    CounterWithCallback.builder()
        .name("tcpmap_address_lookups_dropped_total")
        .help("Addresses not looked up because the lookup queue was full (asked again later)")
        .callback(callback -> callback.call(queueFull.sum()))
        .register(registry);
  }

  /** Stops the workers; lookups in flight end at their timeout at the latest. Idempotent. */
  @Override
  public void stop() {
    if (reporter != null) {
      reporter.close();
    }
    workers.forEach(Thread::interrupt);
    if (geoIp != null) {
      try {
        geoIp.close();
      } catch (IOException e) {
        // Closing a memory-mapped reader releases the mapping; nothing to report at shutdown.
      }
    }
  }
}
