package dev.tcpmap.server.cli;

import static dev.tcpmap.kubernetes.KubeObjects.pod;
import static dev.tcpmap.kubernetes.KubeObjects.withContainers;
import static dev.tcpmap.kubernetes.KubeObjects.withLabels;
import static dev.tcpmap.server.cli.ApiPolls.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.capture.testnet.TestNetwork;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.kubernetes.KubeObjects;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pod targeting on the real kernel: the test network's two namespaces are the pods {@code
 * shop/web-0} (side A, {@code app=web}) and {@code data/db-0} (side B, {@code app=db}), each
 * process in the cgroup of its pod's container; the agent targets {@code app=web}. A client of web
 * and a client inside db both talk to db's server: only web's client end is reported, exactly its
 * connections, and nothing of db's own. Then db is relabelled {@code app=web} in the mock API: the
 * agent retargets without a restart, and db's connections are reported from both ends.
 */
@Tag("privileged")
@EnableKubernetesMockClient(crud = true)
class PrivilegedTargetingTest {
  private static final int PORT = 7444;
  private static final int FROM_WEB = 3;
  private static final int FROM_DB = 2;

  KubernetesClient client;

  @TempDir Path work;

  @Test
  void onlyTheTargetedPodsSocketsAreReportedAndRelabellingRetargets() throws Exception {
    String webClient = TestCgroups.newId();
    String dbServer = TestCgroups.newId();
    String dbClient = TestCgroups.newId();
    try (TestNetwork network = TestNetwork.create(1, 1);
        TestCgroups cgroups = new TestCgroups()) {
      String db = network.v4(Side.B, 0).toString();
      Pod web =
          KubeObjects.createPod(
              client,
              withLabels(
                  withContainers(
                      pod("shop", "web-0", "node-a", null, network.v4(Side.A, 0).toString()),
                      List.of("client"),
                      List.of(webClient)),
                  Map.of("app", "web")));
      Pod dbPod =
          KubeObjects.createPod(
              client,
              withLabels(
                  withContainers(
                      pod("data", "db-0", "node-a", null, db),
                      List.of("server", "client"),
                      List.of(dbServer, dbClient)),
                  Map.of("app", "db")));
      Path webClientCgroup = cgroups.container(web.getMetadata().getUid(), webClient);
      Path dbServerCgroup = cgroups.container(dbPod.getMetadata().getUid(), dbServer);
      Path dbClientCgroup = cgroups.container(dbPod.getMetadata().getUid(), dbClient);
      CliRun run =
          CliRun.tracedAgent(
              "--iterate-every",
              "500ms",
              "--kubeconfig",
              kubeconfig().toString(),
              "--target-pods",
              "app=web");
      ApiServer api = run.server();
      List<Process> peers = new ArrayList<>();
      try {
        await(api, "/api/v1/status", doc -> targeting(doc).contains("1 pod matches, 1 container"));

        Process server =
            peer(
                network,
                Side.B,
                dbServerCgroup,
                "serve",
                db,
                PORT,
                FROM_WEB + FROM_DB,
                "server",
                peers,
                "listening");
        peer(network, Side.A, webClientCgroup, "connect", db, PORT, FROM_WEB, "web", peers, "done");
        peer(network, Side.B, dbClientCgroup, "connect", db, PORT, FROM_DB, "db", peers, "done");
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // Held closes wait two seconds for a partner that never comes (the server's end is not
        // traced): the web client's connections appear closed after that.
        JsonNode first =
            await(
                api, connections(), doc -> ConnectionAnswers.closed(doc, PORT).size() >= FROM_WEB);
        List<JsonNode> reported = ConnectionAnswers.closed(first, PORT);
        assertThat(reported).hasSize(FROM_WEB);
        assertThat(reported)
            .allSatisfy(
                c -> {
                  assertThat(c.path("clientProcess").path("container").asText())
                      .isEqualTo("client");
                  assertThat(c.has("serverProcess")).as("db's end is not traced").isFalse();
                });

        // Relabelled: db is targeted too, and its own connections are seen from both ends.
        client
            .pods()
            .inNamespace("data")
            .withName("db-0")
            .edit(p -> withLabels(p, Map.of("app", "web")));
        await(api, "/api/v1/status", doc -> targeting(doc).contains("2 pods match, 3 containers"));
        peer(
            network,
            Side.B,
            dbServerCgroup,
            "serve",
            db,
            PORT + 1,
            FROM_DB,
            "server2",
            peers,
            "listening");
        peer(
            network,
            Side.B,
            dbClientCgroup,
            "connect",
            db,
            PORT + 1,
            FROM_DB,
            "db2",
            peers,
            "done");

        JsonNode second =
            await(
                api,
                connections(),
                doc -> ConnectionAnswers.closed(doc, PORT + 1).size() >= FROM_DB);
        assertThat(ConnectionAnswers.byContainers(ConnectionAnswers.closed(second, PORT + 1)))
            .isEqualTo(Map.of("client -> server", FROM_DB));
        assertThat(ConnectionAnswers.closed(second, PORT)).hasSize(FROM_WEB);
      } finally {
        peers.forEach(Process::destroyForcibly);
        for (Process p : peers) {
          p.waitFor(10, TimeUnit.SECONDS);
        }
        run.closeServers();
      }
    }
  }

  /**
   * Starts an {@link EchoPeer} in {@code side}'s namespace and {@code cgroup}, to or at {@code
   * db:port}; returns once it printed {@code line} (listening, or its connections done).
   */
  private Process peer(
      TestNetwork network,
      Side side,
      Path cgroup,
      String mode,
      String db,
      int port,
      int count,
      String name,
      List<Process> peers,
      String line)
      throws Exception {
    Process p =
        EchoPeer.start(
            network, side, cgroup, mode, db, port, count, work.resolve(name + ".stderr"));
    peers.add(p);
    EchoPeer.awaitLine(p, line);
    return p;
  }

  private static String connections() {
    return "/api/v1/connections?limit=1000";
  }

  private static String targeting(JsonNode status) {
    JsonNode source = ApiPolls.source(status, "targeting");
    return source == null ? "" : source.get("message").asText();
  }

  private Path kubeconfig() throws Exception {
    return Kubeconfigs.write(work.resolve("kubeconfig"), client.getConfiguration().getMasterUrl());
  }
}
