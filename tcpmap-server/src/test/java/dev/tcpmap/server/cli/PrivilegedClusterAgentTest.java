package dev.tcpmap.server.cli;

import static dev.tcpmap.kubernetes.KubeObjects.controller;
import static dev.tcpmap.kubernetes.KubeObjects.node;
import static dev.tcpmap.kubernetes.KubeObjects.pod;
import static dev.tcpmap.kubernetes.KubeObjects.replicaSet;
import static dev.tcpmap.kubernetes.KubeObjects.service;
import static dev.tcpmap.server.cli.ApiPolls.await;
import static dev.tcpmap.server.cli.ApiPolls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.capture.testnet.ExpectedConnection;
import dev.tcpmap.capture.testnet.TestNetwork;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.capture.testnet.TrafficCapture;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.kubernetes.KubeObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live agent with the real eBPF tracer, naming the ends of real connections between two network
 * namespaces from a Kubernetes API (the fabric8 mock server, a real HTTP API with watches) in which
 * the test hosts' addresses are pods: side A is the Deployment {@code shop/web}, side B the
 * StatefulSet {@code data/db} and the Deployment {@code data/cache}. The graph at workload level
 * has exactly the planned connections and bytes between those workloads; k8spacket's graph names
 * the pods; a pod deleted afterwards keeps naming its connections, even when its IP is reused.
 */
@Tag("privileged")
@EnableKubernetesMockClient(crud = true)
class PrivilegedClusterAgentTest {

  KubernetesClient client;

  @TempDir Path work;

  @Test
  void workloadGraphOfRealTrafficBetweenPods() throws Exception {
    TrafficCapture.requireTools();
    try (TestNetwork network = TestNetwork.create(3, 2)) {
      long from = System.currentTimeMillis() - 1_000;
      createCluster(network);
      CliRun run =
          CliRun.tracedAgent("--iterate-every", "500ms", "--kubeconfig", kubeconfig().toString());
      ApiServer api = run.server();
      try {
        await(api, "/api/v1/status", PrivilegedClusterAgentTest::kubernetesRunning);
        Thread watchEvents =
            Thread.ofVirtual()
                .start(
                    () -> {
                      // Watch events arriving while connections flow.
                      create(service("data", "db", "10.96.0.20"));
                      create(node("node-b2", "10.200.0.3"));
                    });
        TrafficCapture.Result result =
            TrafficCapture.runStandard(network, work.resolve("traffic.pcap"));
        watchEvents.join();
        Map<String, long[]> expected = expectedEdges(network, result.expected());
        assertThat(expected.keySet())
            .anyMatch(
                k -> k.startsWith("workload:shop/Deployment/web -> workload:data/StatefulSet/db"))
            .anyMatch(
                k ->
                    k.startsWith("workload:shop/Deployment/web -> workload:data/Deployment/cache"));

        assertThat(awaitEdges(api, expected, network)).isEqualTo(render(expected));
        mapInTheBrowser(api, from);
        JsonNode k8spacket = json(api, "/nodegraph/api/graph/data");
        assertThat(titleOf(k8spacket, network.v4(Side.A, 0))).isEqualTo("pod.web-0");
        assertThat(titleOf(k8spacket, network.v6(Side.B, 0))).isEqualTo("pod.db-0");
        JsonNode pods = json(api, "/api/v1/graph?workload=StatefulSet/db");
        assertThat(pods.get("edges").findValuesAsText("serverName"))
            .isNotEmpty()
            .allMatch(name -> name.equals("pod.db-0"));

        // The pod goes and another takes its address: the old connections keep their name.
        client.pods().inNamespace("shop").withName("web-0").delete();
        createPod(pod("other", "intruder", "node-a", null, addresses(network, Side.A, 0)));
        await(
            api,
            "/api/v1/status",
            doc -> !doc.toString().contains("not synced") && kubernetesRunning(doc));
        Thread.sleep(1_000);
        assertThat(titleOf(json(api, "/nodegraph/api/graph/data"), network.v4(Side.A, 0)))
            .isEqualTo("pod.web-0");
        assertThat(graphEdges(json(api, "/api/v1/graph?group=workload"), network))
            .isEqualTo(render(expected));
      } finally {
        run.closeServers();
      }
      Files.deleteIfExists(work.resolve("traffic.pcap"));
    }
  }

  /**
   * The web UI in Debian's Chromium draws the same traffic grouped by workload and by namespace
   * exactly as the API answers it, its nodes named by Kubernetes.
   */
  private static void mapInTheBrowser(ApiServer api, long from) throws Exception {
    String window = "from=" + from + "&to=" + (System.currentTimeMillis() + 1_000);
    String page = "http://127.0.0.1:" + api.port() + "/?range=custom&" + window + "&group=";
    String graph = "/api/v1/graph?" + window + "&group=";
    try (UiBrowser browser = new UiBrowser()) {
      Page tab = browser.page();
      JsonNode workloads =
          UiBrowser.drawsWhatTheApiAnswers(tab, api, page + "workload", graph + "workload");
      assertThat(UiBrowser.nodeIds(workloads))
          .contains(
              "workload:shop/Deployment/web",
              "workload:data/StatefulSet/db",
              "workload:data/Deployment/cache");
      assertThat(UiBrowser.edgeIds(workloads))
          .anyMatch(
              e -> e.startsWith("workload:shop/Deployment/web→workload:data/StatefulSet/db:"));
      assertThat(workloads.get("nodes").findValuesAsText("label"))
          .anyMatch(label -> label.startsWith("Deployment/web\n"))
          .anyMatch(label -> label.startsWith("StatefulSet/db\n"));
      UiBrowser.screenshot(tab, "cluster-workloads");

      JsonNode namespaces =
          UiBrowser.drawsWhatTheApiAnswers(tab, api, page + "namespace", graph + "namespace");
      assertThat(UiBrowser.nodeIds(namespaces)).contains("namespace:shop", "namespace:data");
      assertThat(UiBrowser.edgeIds(namespaces))
          .anyMatch(e -> e.startsWith("namespace:shop→namespace:data:"));
      UiBrowser.screenshot(tab, "cluster-namespaces");
      browser.closePages();
      browser.assertNoConsoleErrors();
    }
  }

  private void createCluster(TestNetwork network) {
    create(node("node-a", "10.200.0.1"));
    create(node("node-b", "10.200.0.2"));
    create(replicaSet("shop", "web-7d4b9", "web"));
    create(replicaSet("data", "cache-5f6c", "cache"));
    for (int i = 0; i < network.hosts(Side.A); i++) {
      OwnerReference web = controller("ReplicaSet", "web-7d4b9");
      createPod(pod("shop", "web-" + i, "node-a", web, addresses(network, Side.A, i)));
    }
    OwnerReference db = controller("StatefulSet", "db");
    createPod(pod("data", "db-0", "node-b", db, addresses(network, Side.B, 0)));
    OwnerReference cache = controller("ReplicaSet", "cache-5f6c");
    createPod(pod("data", "cache-0", "node-b", cache, addresses(network, Side.B, 1)));
  }

  /** The pod IPs of the test network's host {@code side}, {@code i}: IPv4 first, the pod's IP. */
  private static String[] addresses(TestNetwork network, Side side, int i) {
    return new String[] {network.v4(side, i).toString(), network.v6(side, i).toString()};
  }

  /** The node at workload level of an address: the test hosts are pods, anything else an IP. */
  private static String group(TestNetwork network, IpAddress ip) {
    for (int i = 0; i < network.hosts(Side.A); i++) {
      if (ip.equals(network.v4(Side.A, i)) || ip.equals(network.v6(Side.A, i))) {
        return "workload:shop/Deployment/web";
      }
    }
    if (ip.equals(network.v4(Side.B, 0)) || ip.equals(network.v6(Side.B, 0))) {
      return "workload:data/StatefulSet/db";
    }
    if (ip.equals(network.v4(Side.B, 1)) || ip.equals(network.v6(Side.B, 1))) {
      return "workload:data/Deployment/cache";
    }
    return ip.toString();
  }

  /** {@code client -> server:port} to connections, bytes sent, bytes received. */
  private static Map<String, long[]> expectedEdges(
      TestNetwork network, List<ExpectedConnection> connections) {
    Map<String, long[]> edges = new TreeMap<>();
    for (ExpectedConnection c : connections) {
      long[] sums =
          edges.computeIfAbsent(
              group(network, c.client())
                  + " -> "
                  + group(network, c.server())
                  + ":"
                  + c.serverPort(),
              k -> new long[3]);
      sums[0]++;
      sums[1] += c.bytesSent();
      sums[2] += c.bytesReceived();
    }
    return edges;
  }

  private static List<String> render(Map<String, long[]> edges) {
    List<String> out = new ArrayList<>();
    edges.forEach((k, v) -> out.add(k + " " + v[0] + " conns " + v[1] + "/" + v[2] + " B"));
    return out;
  }

  /** The workload-level edges that touch the test hosts, rendered as {@link #render}. */
  private static List<String> graphEdges(JsonNode graph, TestNetwork network) {
    Map<String, long[]> edges = new TreeMap<>();
    for (JsonNode e : graph.get("edges")) {
      String client = e.get("clientId").asText();
      String server = e.get("serverId").asText();
      if (!madeByTest(network, client, server)) {
        continue; // other traffic of this host
      }
      edges.put(
          client + " -> " + server + ":" + e.get("serverPort").asInt(),
          new long[] {
            e.get("connections").asLong(),
            e.get("bytesSent").asLong(),
            e.get("bytesReceived").asLong()
          });
    }
    return render(edges);
  }

  /**
   * Whether an edge is this test's: from the test's pods to its pods or its unreachable address.
   * This host's own traffic may come from an address of the test range (its eth0 is 192.0.2.2
   * here), which the mock cluster then names as a test pod; its servers are never the test's.
   */
  private static boolean madeByTest(TestNetwork network, String client, String server) {
    if (!client.startsWith("workload:")) {
      return false;
    }
    if (server.startsWith("workload:")) {
      return true;
    }
    try {
      network.sideOf(IpAddress.parse(server));
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Asks until the workload graph has every planned connection (closes are held up to 2 s). */
  private static List<String> awaitEdges(
      ApiServer api, Map<String, long[]> expected, TestNetwork network) throws Exception {
    long planned = expected.values().stream().mapToLong(v -> v[0]).sum();
    JsonNode graph =
        await(
            api,
            "/api/v1/graph?group=workload",
            doc -> {
              long seen = 0;
              for (JsonNode e : doc.get("edges")) {
                String client = e.get("clientId").asText();
                String server = e.get("serverId").asText();
                seen += madeByTest(network, client, server) ? e.get("connections").asLong() : 0;
              }
              return seen >= planned;
            });
    Thread.sleep(3_000); // anything reported twice would show up now
    return graphEdges(json(api, "/api/v1/graph?group=workload"), network);
  }

  private static String titleOf(JsonNode graph, IpAddress ip) {
    for (JsonNode n : graph.get("nodes")) {
      if (n.get("id").asText().equals(ip.toString())) {
        return n.get("title").asText();
      }
    }
    return "(no node " + ip + " in " + graph + ")";
  }

  private static boolean kubernetesRunning(JsonNode status) {
    JsonNode kubernetes = ApiPolls.source(status, "kubernetes");
    return kubernetes != null && kubernetes.get("state").asText().equals("running");
  }

  private <T extends HasMetadata> void create(T object) {
    KubeObjects.create(client, object);
  }

  private void createPod(Pod pod) {
    KubeObjects.createPod(client, pod);
  }

  private Path kubeconfig() throws Exception {
    return Kubeconfigs.write(work.resolve("kubeconfig"), client.getConfiguration().getMasterUrl());
  }
}
