package dev.tcpmap.kubernetes.index;

import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The part of a {@link Pod} the index needs, read defensively (any field of an API object may be
 * missing).
 *
 * @param owner "pod:" and the uid (a pod re-created under the same name, as StatefulSet pods are,
 *     is another owner)
 * @param ips every address of {@code status.podIPs} and {@code status.podIP} (IPv4 and IPv6)
 * @param hostNetwork whether the pod shares its node's network namespace (its IPs are the node's)
 * @param ports the TCP ports its containers declare, as container or host port
 * @param ended whether its phase is Succeeded or Failed: its containers are gone and its IP was
 *     given back, even though the API keeps the pod (and its IP) until it is deleted
 */
record PodView(
    String owner,
    String namespace,
    String name,
    String node,
    OwnerReference controller,
    List<IpAddress> ips,
    boolean hostNetwork,
    Set<Integer> ports,
    boolean ended) {

  static PodView of(Pod pod) {
    ObjectMeta meta = Objects.requireNonNullElseGet(pod.getMetadata(), ObjectMeta::new);
    PodSpec spec = Objects.requireNonNullElseGet(pod.getSpec(), PodSpec::new);
    PodStatus status = Objects.requireNonNullElseGet(pod.getStatus(), PodStatus::new);
    String namespace = Objects.requireNonNullElse(meta.getNamespace(), "");
    String name = Objects.requireNonNullElse(meta.getName(), "");
    String uid = meta.getUid();
    String phase = status.getPhase();
    return new PodView(
        "pod:" + (uid != null ? uid : namespace + "/" + name),
        namespace,
        name,
        Objects.requireNonNullElse(spec.getNodeName(), ""),
        Workloads.controllerOf(meta),
        ips(status),
        Boolean.TRUE.equals(spec.getHostNetwork()),
        ports(spec),
        "Succeeded".equals(phase) || "Failed".equals(phase));
  }

  String key() {
    return namespace + "/" + name;
  }

  Endpoint endpoint(IpAddress ip, Endpoint.Workload workload) {
    return new Endpoint(ip, Endpoint.Kind.POD, name, namespace, workload, node);
  }

  private static List<IpAddress> ips(PodStatus status) {
    Set<String> texts = new LinkedHashSet<>();
    if (status.getPodIPs() != null) {
      for (PodIP ip : status.getPodIPs()) {
        if (ip != null && ip.getIp() != null) {
          texts.add(ip.getIp());
        }
      }
    }
    if (status.getPodIP() != null) {
      texts.add(status.getPodIP());
    }
    return parse(texts);
  }

  static List<IpAddress> parse(Iterable<String> texts) {
    List<IpAddress> out = new ArrayList<>();
    for (String text : texts) {
      if (text == null || text.isBlank()) {
        continue;
      }
      try {
        IpAddress ip = IpAddress.parse(text.strip());
        if (!out.contains(ip)) {
          out.add(ip);
        }
      } catch (IllegalArgumentException notAnAddress) {
        // "None" (a headless Service) or garbage: not an address anything can connect to
      }
    }
    return List.copyOf(out);
  }

  private static Set<Integer> ports(PodSpec spec) {
    Set<Integer> ports = new LinkedHashSet<>();
    Stream.concat(stream(spec.getInitContainers()), stream(spec.getContainers()))
        .filter(c -> c.getPorts() != null)
        .flatMap(c -> c.getPorts().stream())
        .filter(p -> p.getProtocol() == null || "TCP".equals(p.getProtocol()))
        .forEach(p -> addPorts(p, ports));
    return Set.copyOf(ports);
  }

  private static void addPorts(ContainerPort port, Set<Integer> into) {
    for (Integer p : new Integer[] {port.getContainerPort(), port.getHostPort()}) {
      if (p != null && p > 0 && p <= 65_535) {
        into.add(p);
      }
    }
  }

  private static Stream<Container> stream(List<Container> containers) {
    return containers == null ? Stream.empty() : containers.stream();
  }
}
