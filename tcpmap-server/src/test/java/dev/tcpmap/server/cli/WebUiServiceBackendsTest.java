package dev.tcpmap.server.cli;

import static dev.tcpmap.kubernetes.KubeObjects.controller;
import static dev.tcpmap.kubernetes.KubeObjects.pod;
import static dev.tcpmap.kubernetes.KubeObjects.replicaSet;
import static dev.tcpmap.kubernetes.KubeObjects.service;
import static dev.tcpmap.kubernetes.KubeObjects.slice;
import static dev.tcpmap.server.cli.ApiPolls.await;
import static dev.tcpmap.server.cli.ApiPolls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.ebpf.FakeSocketSource;
import dev.tcpmap.kubernetes.KubeObjects;
import dev.tcpmap.kubernetes.KubeObjects.SliceEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in Debian's Chromium against the agent naming ends from a Kubernetes API (the fabric8
 * mock server): a connection to the Service {@code shop/api}, whose EndpointSlice lists two pods of
 * the Deployment {@code api} (one ready) and one of the StatefulSet {@code cache}. Clicking the
 * Service and its "Show backends" button draws exactly the workloads the API lists as its {@code
 * backends}, each joined to the Service, at pod and at workload level; a refresh after a pod turned
 * ready shows the new count; the button folds them again. A scripted socket source stands in for
 * the tracer.
 */
@EnableKubernetesMockClient(crud = true)
class WebUiServiceBackendsTest {
  private static final String SERVICE_IP = "10.0.0.9"; // SocketScripts.liveJava()'s server

  KubernetesClient client;

  @TempDir Path work;

  private final FakeSocketSource source = new FakeSocketSource();

  @Test
  void serviceNode_expandsIntoTheBackendsTheApiLists() throws Exception {
    createCluster();
    source.setLive(SocketScripts.liveJava());
    Path kubeconfig =
        Kubeconfigs.write(work.resolve("kubeconfig"), client.getConfiguration().getMasterUrl());
    CliRun run = CliRun.kubernetesAgent(source, kubeconfig);
    try (UiBrowser browser = new UiBrowser()) {
      ApiServer server = run.server();
      await(server, "/api/v1/graph", g -> backends(g).size() == 2);
      Page page = browser.page();
      for (String group : new String[] {"pod", "workload"}) {
        String api = "/api/v1/graph?group=" + group;
        JsonNode drawn =
            UiBrowser.drawsWhatTheApiAnswers(
                page, server, "http://127.0.0.1:" + server.port() + "/?group=" + group, api);
        assertThat(drawn.get("backends")).isEmpty();
        // Found by the search box and Enter (a click on a node this small can land on its edge).
        page.fill("#search", "svc.api");
        page.press("#search", "Enter");
        page.waitForFunction(
            "id => document.getElementById('details').dataset.loaded === 'node:' + id", SERVICE_IP);

        page.click("#details button[data-expand]");
        JsonNode answer = json(server, api);
        assertThat(page.textContent("#details button[data-expand]")).isEqualTo("Hide backends");
        assertDrawsTheBackends(UiBrowser.graph(page), answer);
        assertThat(shown(UiBrowser.graph(page)))
            .containsEntry("Deployment/api", "Deployment/api\n1/2 ready")
            .containsEntry("StatefulSet/cache", "StatefulSet/cache\n1/1 ready");
        UiBrowser.screenshot(page, "service-backends-" + group);

        page.click("#details button[data-expand]");
        assertThat(UiBrowser.graph(page).get("backends")).isEmpty();
        assertThat(page.textContent("#details button[data-expand]"))
            .isEqualTo("Show backends on the map");
      }

      // Shown, then the second api pod turns ready: a refresh draws what the API now lists.
      page.click("#details button[data-expand]");
      client.resource(apiSlice(true)).update();
      JsonNode ready =
          await(server, "/api/v1/graph?group=workload", g -> shownReady(g, "api") == 2);
      UiBrowser.andWait(page, () -> page.keyboard().press("r"));
      assertDrawsTheBackends(UiBrowser.graph(page), ready);
      assertThat(shown(UiBrowser.graph(page)))
          .containsEntry("Deployment/api", "Deployment/api\n2/2 ready");
      assertThat(page.textContent("#details button[data-expand]")).isEqualTo("Hide backends");
      browser.closePages();
      browser.assertNoConsoleErrors();
    } finally {
      run.closeServers();
    }
  }

  /**
   * The drawn backends are exactly the Service's {@code backends} in {@code answer}: one node per
   * workload, labelled with its ready and listed endpoints, and one edge from the Service to it.
   */
  private static void assertDrawsTheBackends(JsonNode drawn, JsonNode answer) {
    Map<String, String> expected = new TreeMap<>();
    Map<String, String> expectedEdges = new TreeMap<>();
    for (JsonNode b : backends(answer)) {
      String workload =
          b.get("workload").get("kind").asText() + "/" + b.get("workload").get("name").asText();
      String id = "backend:" + SERVICE_IP + ":" + workload;
      expected.put(
          id,
          workload + "\n" + b.get("ready").asInt() + "/" + b.get("endpoints").asInt() + " ready");
      expectedEdges.put(id, SERVICE_IP);
    }
    Map<String, String> nodes = new TreeMap<>();
    for (JsonNode n : drawn.get("backends")) {
      assertThat(n.get("service").asText()).isEqualTo(SERVICE_IP);
      nodes.put(n.get("id").asText(), n.get("label").asText());
    }
    Map<String, String> edges = new TreeMap<>();
    drawn.get("backs").forEach(e -> edges.put(e.get("target").asText(), e.get("source").asText()));
    assertThat(nodes).isEqualTo(expected);
    assertThat(edges).isEqualTo(expectedEdges);
    // The API's own nodes and edges are drawn as before: backends are apart.
    assertThat(UiBrowser.nodeIds(drawn)).isEqualTo(UiBrowser.nodeIds(answer));
    assertThat(UiBrowser.edgeIds(drawn)).isEqualTo(UiBrowser.apiEdgeIds(answer));
  }

  /** The drawn backends' labels by workload. */
  private static Map<String, String> shown(JsonNode drawn) {
    Map<String, String> out = new TreeMap<>();
    drawn
        .get("backends")
        .forEach(
            n ->
                out.put(
                    n.get("id").asText().substring(("backend:" + SERVICE_IP + ":").length()),
                    n.get("label").asText()));
    return out;
  }

  /** How many of the workload {@code name}'s pods behind the Service the API counts ready. */
  private static int shownReady(JsonNode graph, String name) {
    for (JsonNode b : backends(graph)) {
      if (b.get("workload").get("name").asText().equals(name)) {
        return b.get("ready").asInt();
      }
    }
    return -1;
  }

  /** The {@code backends} of the Service node of a graph answer (empty when it has none yet). */
  private static JsonNode backends(JsonNode graph) {
    for (JsonNode n : graph.get("nodes")) {
      if (n.get("id").asText().equals(SERVICE_IP) && n.get("kind").asText().equals("service")) {
        return n.path("backends");
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private void createCluster() {
    KubeObjects.create(client, replicaSet("shop", "web-7d4b9", "web"));
    KubeObjects.createPod(
        client, pod("shop", "web-1", "node-a", controller("ReplicaSet", "web-7d4b9"), "10.0.0.1"));
    KubeObjects.create(client, replicaSet("shop", "api-5f6c", "api"));
    for (int i = 0; i < 2; i++) {
      KubeObjects.createPod(
          client,
          pod("shop", "api-" + i, "node-a", controller("ReplicaSet", "api-5f6c"), "10.0.1." + i));
    }
    KubeObjects.createPod(
        client, pod("shop", "cache-0", "node-a", controller("StatefulSet", "cache"), "10.0.1.9"));
    KubeObjects.create(client, service("shop", "api", SERVICE_IP));
    KubeObjects.create(client, apiSlice(false));
  }

  /** The Service's slice: api-0 ready, api-1 ready or not, cache-0 ready. */
  private static io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice apiSlice(
      boolean secondReady) {
    return slice(
        "shop",
        "api",
        "api-x7k2p",
        new SliceEntry("api-0", "10.0.1.0", true),
        new SliceEntry("api-1", "10.0.1.1", secondReady),
        new SliceEntry("cache-0", "10.0.1.9", true));
  }
}
