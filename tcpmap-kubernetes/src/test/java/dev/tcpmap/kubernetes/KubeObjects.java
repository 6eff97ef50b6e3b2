package dev.tcpmap.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** API objects as a cluster would hold them, built tersely for tests. */
public final class KubeObjects {

  private KubeObjects() {}

  /**
   * Creates {@code object} in the (mock) API server; the object as created. fabric8's client sends
   * a request again when its answer is late (10 s, up to 10 times): on a loaded machine the first
   * POST can have created the object before the second is refused with 409 Conflict. That 409 is
   * the test's own create, so the object that exists is the answer.
   */
  public static <T extends HasMetadata> T create(KubernetesClient client, T object) {
    try {
      return client.resource(object).create();
    } catch (KubernetesClientException e) {
      T existing = e.getCode() == 409 ? client.resource(object).get() : null;
      if (existing == null) {
        throw e;
      }
      return existing;
    }
  }

  /**
   * Creates {@code pod} in the (mock) API server with its status: a create leaves the status out,
   * as the status is the kubelet's to write; the pod as created.
   */
  public static Pod createPod(KubernetesClient client, Pod pod) {
    Pod created = create(client, pod);
    if (created.getStatus() == null || created.getStatus().getPodIP() == null) {
      created.setStatus(pod.getStatus());
      created = client.resource(created).updateStatus();
    }
    return created;
  }

  /** {@code kind/name}, as the owner reference that marks its controller. */
  public static OwnerReference controller(String kind, String name) {
    return new OwnerReferenceBuilder()
        .withApiVersion(apiVersion(kind))
        .withKind(kind)
        .withName(name)
        .withUid(UUID.nameUUIDFromBytes((kind + name).getBytes()).toString())
        .withController(true)
        .build();
  }

  /** Metadata with a fresh uid, and {@code owner} unless it is null. */
  private static ObjectMeta metadata(String ns, String name, OwnerReference owner) {
    ObjectMetaBuilder b =
        new ObjectMetaBuilder()
            .withNamespace(ns)
            .withName(name)
            .withUid(UUID.randomUUID().toString());
    if (owner != null) {
      b.withOwnerReferences(owner);
    }
    return b.build();
  }

  /** The controller reference to {@code kind/name}, or null for none. */
  private static OwnerReference controlledBy(String kind, String name) {
    return name == null ? null : controller(kind, name);
  }

  /** A Running pod on {@code node} with these IPs (podIP is the first), owned by {@code owner}. */
  public static Pod pod(String ns, String name, String node, OwnerReference owner, String... ips) {
    return new PodBuilder()
        .withMetadata(metadata(ns, name, owner))
        .withNewSpec()
        .withNodeName(node)
        .addNewContainer()
        .withName("main")
        .withImage("example/" + name)
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withPodIP(ips.length == 0 ? null : ips[0])
        .withPodIPs(Arrays.stream(ips).map(ip -> new PodIP(ip)).toList())
        .endStatus()
        .build();
  }

  /** A pod on the host network of {@code node} (whose address is {@code nodeIp}) serving ports. */
  public static Pod hostNetworkPod(
      String ns, String name, String node, OwnerReference owner, String nodeIp, int... ports) {
    Pod pod = pod(ns, name, node, owner, nodeIp);
    pod.getSpec().setHostNetwork(true);
    pod.getSpec()
        .getContainers()
        .getFirst()
        .setPorts(
            Arrays.stream(ports)
                .mapToObj(
                    p ->
                        new ContainerPortBuilder()
                            .withContainerPort(p)
                            .withHostPort(p)
                            .withProtocol("TCP")
                            .build())
                .toList());
    return pod;
  }

  public static Pod withPhase(Pod pod, String phase) {
    return new PodBuilder(pod).editStatus().withPhase(phase).endStatus().build();
  }

  /**
   * {@code pod} running the containers {@code names[i]}, each started by containerd under the ID
   * {@code ids[i]} (as its status says: {@code containerd://ID}).
   */
  public static Pod withContainers(Pod pod, List<String> names, List<String> ids) {
    PodBuilder b = new PodBuilder(pod).editSpec().withContainers().endSpec();
    for (int i = 0; i < names.size(); i++) {
      b.editSpec()
          .addNewContainer()
          .withName(names.get(i))
          .withImage("example/" + names.get(i))
          .endContainer()
          .endSpec()
          .editStatus()
          .addNewContainerStatus()
          .withName(names.get(i))
          .withContainerID("containerd://" + ids.get(i))
          .withReady(true)
          .endContainerStatus()
          .endStatus();
    }
    return b.build();
  }

  public static Pod withLabels(Pod pod, Map<String, String> labels) {
    return new PodBuilder(pod).editMetadata().withLabels(labels).endMetadata().build();
  }

  public static ReplicaSet replicaSet(String ns, String name, String deployment) {
    return new ReplicaSetBuilder()
        .withMetadata(metadata(ns, name, controlledBy("Deployment", deployment)))
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .endSpec()
        .build();
  }

  public static Job job(String ns, String name, String cronJob) {
    return new JobBuilder()
        .withMetadata(metadata(ns, name, controlledBy("CronJob", cronJob)))
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** A ClusterIP Service with these addresses ("None" for a headless one). */
  public static Service service(String ns, String name, String... clusterIps) {
    return new ServiceBuilder()
        .withMetadata(metadata(ns, name, null))
        .withNewSpec()
        .withClusterIP(clusterIps.length == 0 ? null : clusterIps[0])
        .withClusterIPs(List.of(clusterIps))
        .addNewPort()
        .withPort(80)
        .endPort()
        .endSpec()
        .build();
  }

  public static Node node(String name, String internalIp, String... more) {
    NodeBuilder b =
        new NodeBuilder()
            .withMetadata(metadata(null, name, null))
            .withNewStatus()
            .addNewAddress()
            .withType("InternalIP")
            .withAddress(internalIp)
            .endAddress()
            .addNewAddress()
            .withType("Hostname")
            .withAddress(name)
            .endAddress()
            .endStatus();
    for (String ip : more) {
      b.editStatus()
          .addNewAddress()
          .withType("ExternalIP")
          .withAddress(ip)
          .endAddress()
          .endStatus();
    }
    return b.build();
  }

  /** One endpoint of a slice: a pod (or, with pod null, a bare address), ready or not. */
  public record SliceEntry(String pod, String address, Boolean ready) {}

  public static EndpointSlice slice(String ns, String service, String name, SliceEntry... entries) {
    EndpointSliceBuilder b =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(name)
            .addToLabels("kubernetes.io/service-name", service)
            .endMetadata()
            .withAddressType(
                entries.length > 0 && entries[0].address().contains(":") ? "IPv6" : "IPv4");
    for (SliceEntry e : entries) {
      EndpointBuilder endpoint =
          new EndpointBuilder()
              .withAddresses(e.address())
              .withNewConditions()
              .withReady(e.ready())
              .endConditions();
      if (e.pod() != null) {
        endpoint
            .withNewTargetRef()
            .withKind("Pod")
            .withNamespace(ns)
            .withName(e.pod())
            .endTargetRef();
      }
      b.addToEndpoints(endpoint.build());
    }
    return b.build();
  }

  private static String apiVersion(String kind) {
    return switch (kind) {
      case "ReplicaSet", "Deployment", "StatefulSet", "DaemonSet" -> "apps/v1";
      case "Job", "CronJob" -> "batch/v1";
      default -> "example.com/v1";
    };
  }
}
