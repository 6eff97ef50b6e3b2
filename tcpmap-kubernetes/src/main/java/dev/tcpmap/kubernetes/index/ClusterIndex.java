package dev.tcpmap.kubernetes.index;

import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Workload;
import dev.tcpmap.core.model.IpAddress;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who had each IP address when: pods (every {@code status.podIPs} entry, IPv4 and IPv6), Service
 * ClusterIPs (every {@code spec.clusterIPs} entry; headless Services have none), and nodes
 * (InternalIP and ExternalIP). Fed with API objects by informer handlers; answers lookups from any
 * thread without locks.
 *
 * <h2>Time</h2>
 *
 * Lookups are at the time a connection started, on the agent's clock. The index therefore keeps
 * every hand-over of an address on the agent's clock too, as the time the watch delivered it
 * ({@code clock}), and never uses {@code creationTimestamp} or {@code deletionTimestamp}: those are
 * the API server's clock, which may be skewed against the agent's, and a pod is created (then
 * scheduled, its images pulled) long before it gets its IP, so its creation is not when it took the
 * address over. The cost is the watch latency (usually milliseconds): a connection that starts in
 * the moments between the real hand-over and its delivery is named by the previous owner.
 *
 * <ul>
 *   <li>An address's first known owner has held it "since ever", so connections older than the
 *       agent's first list (open sockets found at start) are named.
 *   <li>A new owner of an address closes the current owner's tenure at the time it was seen, even
 *       if the old pod's deletion has not arrived yet (the kubelet frees the IP before the final
 *       delete, and another pod may get it first). The old pod cannot take it back later: a late
 *       update of a terminating pod does not rename the new one.
 *   <li>A pod ends its tenure when it is deleted, or when its phase becomes Succeeded or Failed
 *       (finished Job pods stay in the API with their IP, which was given back and may be reused).
 *       A pod first seen already finished claims nothing: its IP may be someone else's by now.
 *   <li>Tenures follow each other without gaps: when an address had no owner for a while, the next
 *       owner is taken to have had it since the last one left (it was seen late, e.g. after an
 *       outage of the API).
 *   <li>An ended tenure is a tombstone: kept {@code tombstoneGrace} (plus up to one {@link #purge}
 *       interval), at most {@code maxTombstones} of them, the oldest dropped first and counted in
 *       {@link #droppedTombstones()}.
 * </ul>
 *
 * <h2>Host network</h2>
 *
 * A pod on the host network shares its node's addresses. It claims no address, only the TCP ports
 * its containers declare (container or host port) on those addresses: the server end of a
 * connection to such a port is that pod ({@link #resolveServer}); anything else on a node address
 * is the node.
 *
 * <h2>Workloads</h2>
 *
 * See {@link Workloads}. A ReplicaSet or Job that arrives after its pods renames their current
 * tenures at once; tombstones keep the name they had when they ended.
 */
public final class ClusterIndex {

  private final InstantSource clock;
  private final Tombstones tombstones;
  private final History<IpAddress> ips;
  private final History<HostPort> hostPorts;
  private final Workloads workloads = new Workloads();

  // Writer-side state, guarded by "this".
  private final Map<String, PodState> pods = new HashMap<>();
  private final Map<String, Set<String>> dependents = new HashMap<>();
  private final Map<String, List<IpAddress>> claimedBy = new HashMap<>();

  /** Live pods by "namespace/name", read by {@link #workloadOf} from any thread. */
  private final ConcurrentHashMap<String, PodState> podsByName = new ConcurrentHashMap<>();

  private record PodState(PodView view, Workload workload) {}

  public ClusterIndex(InstantSource clock, Duration tombstoneGrace, int maxTombstones) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tombstones = new Tombstones(tombstoneGrace, maxTombstones);
    this.ips = new History<>(tombstones);
    this.hostPorts = new History<>(tombstones);
  }

  /** Who had {@code ip} at {@code at}, or null when nobody known did. */
  public Endpoint resolve(IpAddress ip, Instant at) {
    return ips.at(ip, nanos(at));
  }

  /**
   * Who served {@code ip:port} at {@code at}: a host-network pod that declares the port on its
   * node's address, else as {@link #resolve}; null when nobody known did.
   */
  public Endpoint resolveServer(IpAddress ip, int port, Instant at) {
    long when = nanos(at);
    Tenure byIp = ips.tenureAt(ip, when);
    if ((byIp == null || byIp.isNode()) && !hostPorts.isEmpty()) {
      Endpoint byPort = hostPorts.at(new HostPort(ip, port), when);
      if (byPort != null) {
        return byPort;
      }
    }
    return byIp == null ? null : byIp.endpoint();
  }

  /** The workload of the live pod {@code namespace/name}, or null when it is not known. */
  public Workload workloadOf(String namespace, String name) {
    PodState state = podsByName.get(namespace + "/" + name);
    return state == null ? null : state.workload();
  }

  public synchronized void putPod(Pod pod) {
    PodView view = PodView.of(pod);
    PodState old = pods.get(view.owner());
    if (view.ended()) {
      if (old != null) {
        removePod(old, now());
      }
      return;
    }
    Workload workload = workloads.of(view.namespace(), view.name(), view.controller());
    PodState state = new PodState(view, workload);
    long now = now();
    if (old != null) {
      releaseDropped(old, view, now);
      dependents(old.view()).remove(view.owner());
    }
    pods.put(view.owner(), state);
    podsByName.put(view.key(), state);
    dependents(view).add(view.owner());
    claim(state, now);
  }

  public synchronized void removePod(Pod pod) {
    PodState old = pods.get(PodView.of(pod).owner());
    if (old != null) {
      removePod(old, now());
    }
  }

  public synchronized void putService(Service service) {
    ServiceSpec spec = Objects.requireNonNullElseGet(service.getSpec(), ServiceSpec::new);
    List<String> texts = new ArrayList<>();
    if (spec.getClusterIPs() != null) {
      texts.addAll(spec.getClusterIPs());
    }
    texts.add(spec.getClusterIP());
    String name = service.getMetadata().getName();
    String namespace = Objects.requireNonNullElse(service.getMetadata().getNamespace(), "");
    putAddresses(
        "svc:" + uid(service),
        PodView.parse(texts),
        ip -> new Endpoint(ip, Endpoint.Kind.SERVICE, name, namespace));
  }

  public synchronized void removeService(Service service) {
    putAddresses("svc:" + uid(service), List.of(), ip -> null);
  }

  public synchronized void putNode(Node node) {
    List<String> texts = new ArrayList<>();
    if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
      for (NodeAddress address : node.getStatus().getAddresses()) {
        if ("InternalIP".equals(address.getType()) || "ExternalIP".equals(address.getType())) {
          texts.add(address.getAddress());
        }
      }
    }
    String name = node.getMetadata().getName();
    putAddresses(
        "node:" + uid(node),
        PodView.parse(texts),
        ip -> new Endpoint(ip, Endpoint.Kind.NODE, name, "", Workload.NONE, name));
  }

  public synchronized void removeNode(Node node) {
    putAddresses("node:" + uid(node), List.of(), ip -> null);
  }

  /** A ReplicaSet or Job: renames the live pods it controls when what they resolve to changed. */
  public synchronized void putOwner(HasMetadata owner) {
    if (workloads.put(owner)) {
      rename(owner);
    }
  }

  public synchronized void removeOwner(HasMetadata owner) {
    if (workloads.remove(owner)) {
      rename(owner);
    }
  }

  /** Forgets the tombstones whose grace period is over; call it now and then. */
  public synchronized void purge() {
    tombstones.purge(now());
  }

  public synchronized int tombstones() {
    return tombstones.size();
  }

  /** Tombstones forgotten before their grace period ended because there were too many. */
  public synchronized long droppedTombstones() {
    return tombstones.dropped();
  }

  /** Addresses with a current owner or a tombstone. */
  public int addresses() {
    return ips.keys();
  }

  private void rename(HasMetadata owner) {
    String key =
        Workloads.key(
            owner.getMetadata().getNamespace(), owner.getKind(), owner.getMetadata().getName());
    long now = now();
    for (String podOwner : List.copyOf(dependents.getOrDefault(key, Set.of()))) {
      PodState old = pods.get(podOwner);
      PodView view = old.view();
      PodState renamed =
          new PodState(view, workloads.of(view.namespace(), view.name(), view.controller()));
      pods.put(podOwner, renamed);
      podsByName.put(view.key(), renamed);
      claim(renamed, now);
    }
  }

  private void claim(PodState state, long now) {
    PodView view = state.view();
    for (IpAddress ip : view.ips()) {
      Endpoint endpoint = view.endpoint(ip, state.workload());
      if (view.hostNetwork()) {
        for (int port : view.ports()) {
          hostPorts.claim(new HostPort(ip, port), view.owner(), endpoint, now);
        }
      } else {
        ips.claim(ip, view.owner(), endpoint, now);
      }
    }
  }

  private void releaseDropped(PodState old, PodView now, long at) {
    PodView was = old.view();
    for (IpAddress ip : was.ips()) {
      if (was.hostNetwork()) {
        for (int port : was.ports()) {
          if (!now.hostNetwork() || !now.ips().contains(ip) || !now.ports().contains(port)) {
            hostPorts.release(new HostPort(ip, port), was.owner(), at);
          }
        }
      } else if (now.hostNetwork() || !now.ips().contains(ip)) {
        ips.release(ip, was.owner(), at);
      }
    }
  }

  private void removePod(PodState old, long now) {
    PodView view = old.view();
    PodView none = new PodView(view.owner(), "", "", "", null, List.of(), false, Set.of(), true);
    releaseDropped(old, none, now);
    pods.remove(view.owner());
    podsByName.remove(view.key(), old);
    Set<String> siblings = dependents(view);
    siblings.remove(view.owner());
    if (siblings.isEmpty()) {
      dependents.remove(controllerKey(view));
    }
  }

  private Set<String> dependents(PodView view) {
    return dependents.computeIfAbsent(controllerKey(view), k -> new HashSet<>());
  }

  private static String controllerKey(PodView view) {
    return view.controller() == null
        ? ""
        : Workloads.key(view.namespace(), view.controller().getKind(), view.controller().getName());
  }

  private void putAddresses(
      String owner, List<IpAddress> now, java.util.function.Function<IpAddress, Endpoint> named) {
    long at = now();
    for (IpAddress old : claimedBy.getOrDefault(owner, List.of())) {
      if (!now.contains(old)) {
        ips.release(old, owner, at);
      }
    }
    for (IpAddress ip : now) {
      ips.claim(ip, owner, named.apply(ip), at);
    }
    if (now.isEmpty()) {
      claimedBy.remove(owner);
    } else {
      claimedBy.put(owner, now);
    }
  }

  private static String uid(HasMetadata object) {
    String uid = object.getMetadata().getUid();
    return uid != null
        ? uid
        : object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  private long now() {
    return nanos(clock.instant());
  }

  /** Nanoseconds since the epoch, saturated (a long holds about ±292 years of them). */
  static long nanos(Instant at) {
    long seconds = at.getEpochSecond();
    if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
      return Long.MAX_VALUE - 1;
    }
    if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
      return Long.MIN_VALUE + 1;
    }
    return seconds * 1_000_000_000L + at.getNano();
  }
}
