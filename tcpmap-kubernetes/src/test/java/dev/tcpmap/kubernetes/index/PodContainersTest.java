package dev.tcpmap.kubernetes.index;

import static dev.tcpmap.kubernetes.KubeObjects.pod;
import static dev.tcpmap.kubernetes.KubeObjects.withContainers;
import static dev.tcpmap.kubernetes.KubeObjects.withLabels;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodContainersTest {
  private static final String APP = "a".repeat(64);
  private static final String SIDECAR = "b".repeat(64);
  private static final String RESTARTED = "c".repeat(64);

  private final PodContainers containers = new PodContainers();

  private static Pod web(List<String> ids) {
    return withContainers(
        pod("shop", "web-0", "node-a", null, "10.0.0.1"), List.of("app", "istio-proxy"), ids);
  }

  @Test
  void name_containerIdsOfTheStatus_thePodsNames() {
    containers.put(web(List.of(APP, SIDECAR)));

    assertThat(containers.name(APP)).isEqualTo("app");
    assertThat(containers.name(SIDECAR)).isEqualTo("istio-proxy");
    assertThat(containers.container(APP))
        .isEqualTo(new PodContainers.Container("shop", "web-0", "app"));
    assertThat(containers.name(RESTARTED)).isEmpty();
  }

  @Test
  void put_restartedContainer_newIdNamedOldForgotten() {
    Pod pod = web(List.of(APP, SIDECAR));
    containers.put(pod);

    Pod restarted = web(List.of(RESTARTED, SIDECAR));
    restarted.getMetadata().setUid(pod.getMetadata().getUid());
    containers.put(restarted);

    assertThat(containers.name(RESTARTED)).isEqualTo("app");
    assertThat(containers.name(APP)).isEmpty();
    assertThat(containers.size()).isEqualTo(2);
  }

  @Test
  void put_notStartedYet_noId() {
    Pod pod = web(List.of(APP, SIDECAR));
    pod.getStatus().getContainerStatuses().get(1).setContainerID(null);
    containers.put(pod);

    assertThat(containers.size()).isEqualTo(1);
  }

  @Test
  void remove_deletedPod_itsContainersForgotten() {
    Pod pod = web(List.of(APP, SIDECAR));
    containers.put(pod);

    containers.remove(pod);

    assertThat(containers.name(APP)).isEmpty();
    assertThat(containers.size()).isZero();
  }

  @Test
  void matching_namespaceAndLabels_podsCountedAndTheirContainerIds() {
    containers.put(withLabels(web(List.of(APP, SIDECAR)), Map.of("app", "web")));
    containers.put(
        withLabels(
            withContainers(
                pod("shop", "cache-0", "node-b", null, "10.0.0.2"),
                List.of("redis"),
                List.of(RESTARTED)),
            Map.of("app", "cache")));
    containers.put(pod("other", "idle", "node-b", null, "10.0.0.3"));

    PodContainers.Matching web =
        containers.matching((ns, labels) -> "web".equals(labels.get("app")));
    PodContainers.Matching shop = containers.matching((ns, labels) -> ns.equals("shop"));
    PodContainers.Matching all = containers.matching((ns, labels) -> true);

    assertThat(web).isEqualTo(new PodContainers.Matching(1, Set.of(APP, SIDECAR)));
    assertThat(shop).isEqualTo(new PodContainers.Matching(2, Set.of(APP, SIDECAR, RESTARTED)));
    assertThat(all.pods()).isEqualTo(3);
  }
}
