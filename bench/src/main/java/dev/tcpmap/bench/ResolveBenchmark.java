package dev.tcpmap.bench;

import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.kubernetes.KubernetesResolver;
import dev.tcpmap.kubernetes.index.ClusterIndex;
import dev.tcpmap.kubernetes.index.ServiceBackends;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Lookups per second of {@link KubernetesResolver} on one thread, in a cluster of 50,000 pods (in
 * 5,000 Deployments), 2,000 Services and 500 nodes with a host-network kube-proxy each, where 5,000
 * pod IPs were reused (a tombstone behind the current owner). Addresses are looked up at the time
 * of a recent connection, as fresh {@link IpAddress} objects (as the decoder makes them), in a
 * random order over {@code addresses} distinct pod IPs: 1,000 (one node's worth of peers: warm
 * caches) or all 50,000 (every lookup a cache miss). {@code resolve} names one address; {@code
 * resolveServer} the server end of a connection (port-aware: host-network pods are looked up by
 * port on node addresses).
 *
 * <pre>java -jar bench/target/benchmarks.jar -f 1 -wi 3 -i 5 ResolveBenchmark</pre>
 */
public class ResolveBenchmark extends ThroughputBenchmark {
  static final int PODS = 50_000;
  static final int LOOKUPS = 1 << 16;
  static final int NODES = 500;

  @Param({"1000", "50000"})
  public int addresses;

  private KubernetesResolver resolver;
  private IpAddress[] ips;
  private Connection[] connections;
  private Instant at;

  @Setup
  public void setUp() {
    Instant start = Instant.parse("2026-11-21T10:00:00Z");
    AtomicReference<Instant> now = new AtomicReference<>(start);
    InstantSource clock = now::get;
    ClusterIndex index = new ClusterIndex(clock, Duration.ofHours(1), 50_000);
    for (int d = 0; d < PODS / 10; d++) {
      index.putOwner(
          new ReplicaSetBuilder()
              .withNewMetadata()
              .withNamespace("ns" + d % 50)
              .withName("app" + d + "-7d4b9")
              .withOwnerReferences(owner("Deployment", "app" + d))
              .endMetadata()
              .build());
    }
    for (int i = 0; i < PODS; i++) {
      index.putPod(pod(i, "", i));
    }
    now.set(start.plusSeconds(60));
    for (int i = 0; i < PODS; i += 10) {
      index.putPod(pod(i, "-new", i)); // the address is reused: the old pod is a tombstone
    }
    for (int s = 0; s < 2_000; s++) {
      index.putService(
          new ServiceBuilder()
              .withNewMetadata()
              .withNamespace("ns" + s % 50)
              .withName("svc" + s)
              .withUid("svc" + s)
              .endMetadata()
              .withNewSpec()
              .withClusterIP(v4(0x0A60_0000 + s).toString())
              .endSpec()
              .build());
    }
    resolver =
        new KubernetesResolver(index, new ServiceBackends((ns, n) -> null), Resolver.IP_ONLY);
    at = start.plusSeconds(120);
    SplittableRandom random = new SplittableRandom(42);
    ips = new IpAddress[LOOKUPS];
    connections = new Connection[LOOKUPS];
    for (int i = 0; i < LOOKUPS; i++) {
      IpAddress server = podIp(random.nextInt(addresses));
      ips[i] = IpAddress.of(server.bytes());
      connections[i] =
          new Connection(
              podIp(random.nextInt(addresses)),
              40_000,
              ips[i],
              8080,
              at,
              Duration.ofSeconds(1),
              1,
              1,
              Outcome.CLOSED,
              true,
              SocketDetails.NONE);
    }
    Endpoint check = resolver.resolve(ips[0], at);
    if (check.kind() != Endpoint.Kind.POD) {
      throw new IllegalStateException("not a pod: " + check);
    }
  }

  @Benchmark
  @OperationsPerInvocation(LOOKUPS)
  public void resolve(Blackhole bh) {
    for (IpAddress ip : ips) {
      bh.consume(resolver.resolve(ip, at));
    }
  }

  @Benchmark
  @OperationsPerInvocation(LOOKUPS)
  public void resolveServer(Blackhole bh) {
    for (Connection c : connections) {
      bh.consume(resolver.resolveServer(c));
    }
  }

  private static IpAddress podIp(int i) {
    return v4(0x0A01_0000 + i); // 10.1.0.0/16 and up: 50,000 addresses
  }

  private static IpAddress nodeIp(int n) {
    return v4(0xC0A8_0000 + n); // 192.168.0.0/16
  }

  private static Pod kubeProxy(int n) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace("kube-system")
        .withName("kube-proxy-" + n)
        .withUid("kube-proxy-" + n)
        .withOwnerReferences(owner("DaemonSet", "kube-proxy"))
        .endMetadata()
        .withNewSpec()
        .withNodeName("node" + n)
        .withHostNetwork(true)
        .addNewContainer()
        .withName("kube-proxy")
        .addNewPort()
        .withContainerPort(10256)
        .endPort()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withPodIP(nodeIp(n).toString())
        .endStatus()
        .build();
  }

  private static IpAddress v4(int address) {
    return IpAddress.v4(address);
  }

  private static io.fabric8.kubernetes.api.model.OwnerReference owner(String kind, String name) {
    return new OwnerReferenceBuilder().withKind(kind).withName(name).withController(true).build();
  }

  private static Pod pod(int i, String suffix, int ip) {
    int deployment = i / 10;
    String address = podIp(ip).toString();
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace("ns" + deployment % 50)
        .withName("app" + deployment + "-7d4b9-" + i + suffix)
        .withUid("pod" + i + suffix)
        .withOwnerReferences(owner("ReplicaSet", "app" + deployment + "-7d4b9"))
        .endMetadata()
        .withNewSpec()
        .withNodeName("node" + i % 500)
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withPodIP(address)
        .withPodIPs(List.of(new PodIP(address)))
        .endStatus()
        .build();
  }
}
