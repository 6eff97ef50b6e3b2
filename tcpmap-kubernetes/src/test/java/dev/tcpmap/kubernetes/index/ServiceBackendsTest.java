package dev.tcpmap.kubernetes.index;

import static dev.tcpmap.kubernetes.KubeObjects.slice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.cluster.Backend;
import dev.tcpmap.core.model.Endpoint.Workload;
import dev.tcpmap.kubernetes.KubeObjects.SliceEntry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceBackendsTest {
  private static final Workload WEB = new Workload("Deployment", "web");
  private static final Workload CANARY = new Workload("Deployment", "web-canary");

  private final Map<String, Workload> pods =
      Map.of("shop/web-a", WEB, "shop/web-b", WEB, "shop/canary-a", CANARY);
  private final ServiceBackends backends =
      new ServiceBackends((ns, name) -> pods.get(ns + "/" + name));

  @Test
  void backends_groupsPodsByWorkloadWithReadyCounts() {
    backends.put(
        slice(
            "shop",
            "web",
            "web-1",
            new SliceEntry("web-a", "10.1.0.1", true),
            new SliceEntry("web-b", "10.1.0.2", false),
            new SliceEntry("canary-a", "10.1.0.3", null)));

    assertThat(backends.backends("shop", "web"))
        .containsExactly(new Backend(WEB, 1, 2), new Backend(CANARY, 1, 1));
  }

  @Test
  void backends_dualStackSlices_countEachPodOnce() {
    backends.put(slice("shop", "web", "web-v4", new SliceEntry("web-a", "10.1.0.1", true)));
    backends.put(slice("shop", "web", "web-v6", new SliceEntry("web-a", "fd00::1", true)));

    assertThat(backends.backends("shop", "web")).containsExactly(new Backend(WEB, 1, 1));
  }

  @Test
  void backends_unknownPodsAndBareAddresses_areNamedAsWellAsCanBe() {
    backends.put(
        slice(
            "shop",
            "db",
            "db-1",
            new SliceEntry("later-0", "10.1.0.9", true),
            new SliceEntry(null, "192.0.2.10", true)));

    assertThat(backends.backends("shop", "db"))
        .containsExactly(
            new Backend(Workload.NONE, 1, 1), new Backend(new Workload("Pod", "later-0"), 1, 1));
  }

  @Test
  void remove_lastSlice_leavesNoBackends() {
    var s = slice("shop", "web", "web-1", new SliceEntry("web-a", "10.1.0.1", true));
    backends.put(s);
    backends.remove(s);

    assertThat(backends.backends("shop", "web")).isEmpty();
    assertThat(backends.backends("shop", "unknown")).isEmpty();
  }
}
