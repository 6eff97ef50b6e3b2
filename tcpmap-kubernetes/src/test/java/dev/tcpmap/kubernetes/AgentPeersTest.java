package dev.tcpmap.kubernetes;

import static dev.tcpmap.kubernetes.KubeObjects.controller;
import static dev.tcpmap.kubernetes.KubeObjects.createPod;
import static dev.tcpmap.kubernetes.KubeObjects.pod;
import static dev.tcpmap.kubernetes.KubeObjects.withLabels;
import static dev.tcpmap.kubernetes.KubeObjects.withPhase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.cluster.Peer;
import dev.tcpmap.core.cluster.PeerDirectory;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.testing.Closer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnableKubernetesMockClient(crud = true)
class AgentPeersTest {
  static final Map<String, String> AGENT = Map.of("app.kubernetes.io/name", "tcpmap");

  KubernetesClient client;
  private ClusterWatch watch;

  @RegisterExtension final Closer closer = new Closer();

  private Pod agent(String ns, String name, String node, String ip) {
    return withLabels(pod(ns, name, node, controller("DaemonSet", "tcpmap"), ip), AGENT);
  }

  private ClusterWatch start(String fieldSelector) {
    KubernetesOptions options =
        KubernetesOptions.defaults()
            .withPeers("tcpmap", "app.kubernetes.io/name=tcpmap", fieldSelector, 6676, "tcpmap-a");
    return ClusterWatch.start(client, options, Resolver.IP_ONLY, InstantSource.system());
  }

  private void awaitPeers(PeerDirectory peers, int count) {
    Await.until(Await.WAIT, () -> peers.peers().size() == count, () -> peers.peers().toString());
  }

  @Test
  void peers_byLabelSelector_areRunningAgentsWithNodeAndIp() {
    createPod(client, agent("tcpmap", "tcpmap-a", "worker-1", "192.168.1.11"));
    createPod(client, agent("tcpmap", "tcpmap-b", "worker-2", "fd00::12"));
    createPod(client, withPhase(agent("tcpmap", "tcpmap-pending", "worker-3", null), "Pending"));
    createPod(client, pod("tcpmap", "not-an-agent", "worker-1", null, "10.1.0.1"));
    createPod(client, agent("elsewhere", "tcpmap-x", "worker-1", "10.1.0.2"));

    watch = closer.add(start(""));
    Await.running(watch);
    awaitPeers(watch.peers(), 2);

    assertThat(watch.peers().peers())
        .containsExactly(
            new Peer("tcpmap-a", "worker-1", "192.168.1.11", 6676),
            new Peer("tcpmap-b", "worker-2", "fd00::12", 6676));
    assertThat(watch.peers().selfName()).isEqualTo("tcpmap-a");
    assertThat(watch.status().message()).contains("agent pods");

    createPod(client, agent("tcpmap", "tcpmap-c", "worker-3", "192.168.1.13"));
    awaitPeers(watch.peers(), 3);
    client.pods().inNamespace("tcpmap").withName("tcpmap-a").withGracePeriod(0).delete();
    awaitPeers(watch.peers(), 2);
    assertThat(watch.peers().peers())
        .extracting(Peer::name)
        .containsExactly("tcpmap-b", "tcpmap-c");
  }

  @Test
  void peers_fieldSelectorTheMockServerIgnores_isAppliedHere() {
    createPod(client, agent("tcpmap", "tcpmap-a", "worker-1", "192.168.1.11"));
    createPod(client, agent("tcpmap", "tcpmap-b", "worker-2", "192.168.1.12"));

    // The mock server ignores "!=" on fields other than metadata.name and metadata.namespace (and
    // answers nothing at all for "=" on them): the filtering of spec.nodeName is AgentPeers' own.
    watch = closer.add(start("spec.nodeName!=worker-2,metadata.namespace=tcpmap"));
    Await.running(watch);
    awaitPeers(watch.peers(), 1);

    assertThat(watch.peers().peers()).extracting(Peer::node).containsExactly("worker-1");
  }

  @Test
  void peers_withoutLabelSelector_areNone() {
    watch =
        closer.add(
            ClusterWatch.start(
                client, KubernetesOptions.defaults(), Resolver.IP_ONLY, InstantSource.system()));

    assertThat(watch.peers()).isSameAs(PeerDirectory.NONE);
    assertThat(List.of(watch.status().message())).noneMatch(m -> m.contains("agent pods"));
  }
}
