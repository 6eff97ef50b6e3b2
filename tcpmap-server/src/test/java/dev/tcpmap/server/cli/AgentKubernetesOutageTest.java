package dev.tcpmap.server.cli;

import static dev.tcpmap.kubernetes.KubeObjects.controller;
import static dev.tcpmap.kubernetes.KubeObjects.pod;
import static dev.tcpmap.kubernetes.KubeObjects.replicaSet;
import static dev.tcpmap.server.cli.ApiPolls.await;
import static dev.tcpmap.server.cli.ApiPolls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.ebpf.FakeSocketSource;
import dev.tcpmap.kubernetes.KubeObjects;
import dev.tcpmap.kubernetes.TcpProxy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcpmap agent} with its Kubernetes API down at start (a proxy in front of the fabric8 mock
 * server refuses connections): it starts and observes all the same, names ends by process and IP,
 * says in {@code /api/v1/status} that the cluster is not synced; once the API answers, the same
 * connection is named by its pod.
 */
@EnableKubernetesMockClient(crud = true)
class AgentKubernetesOutageTest {

  KubernetesClient client;

  @TempDir Path work;

  private final FakeSocketSource source = new FakeSocketSource();

  @Test
  void apiDownAtStart_agentServesByIp_thenNamesFillIn() throws Exception {
    KubeObjects.create(client, replicaSet("shop", "web-7d4b9", "web"));
    KubeObjects.createPod(
        client, pod("shop", "web-1", "node-a", controller("ReplicaSet", "web-7d4b9"), "10.0.0.1"));
    URI api = URI.create(client.getConfiguration().getMasterUrl());
    source.setLive(SocketScripts.liveJava());
    try (TcpProxy proxy = new TcpProxy(api.getPort())) {
      Path kubeconfig =
          Kubeconfigs.write(work.resolve("kubeconfig"), "https://127.0.0.1:" + proxy.port() + "/");
      CliRun run = CliRun.kubernetesAgent(source, kubeconfig);
      try {
        ApiServer server = run.server();
        JsonNode status = await(server, "/api/v1/status", d -> kubernetes(d) != null);
        assertThat(kubernetes(status).get("state").asText()).isEqualTo("degraded");
        assertThat(kubernetes(status).get("message").asText()).startsWith("not synced yet");
        JsonNode graph =
            await(server, "/nodegraph/api/graph/data", d -> d.get("nodes").size() == 2);
        assertThat(graph.get("nodes").findValuesAsText("title"))
            .containsExactly("java", "10.0.0.9");

        proxy.up();

        await(server, "/api/v1/status", d -> "running".equals(state(d)));
        graph =
            await(
                server,
                "/nodegraph/api/graph/data",
                d -> d.get("nodes").findValuesAsText("title").contains("pod.web-1"));
        assertThat(graph.get("nodes").findValuesAsText("title"))
            .containsExactly("pod.web-1", "10.0.0.9");
        JsonNode workloads = json(server, "/api/v1/graph?group=workload");
        assertThat(workloads.get("nodes").findValuesAsText("id"))
            .contains("workload:shop/Deployment/web");
        assertThat(run.errNow()).contains("watching the Kubernetes API (kubeconfig ");
      } finally {
        run.closeServers();
      }
    }
  }

  private static JsonNode kubernetes(JsonNode status) {
    return ApiPolls.source(status, "kubernetes");
  }

  private static String state(JsonNode status) {
    JsonNode k = kubernetes(status);
    return k == null ? null : k.get("state").asText();
  }
}
