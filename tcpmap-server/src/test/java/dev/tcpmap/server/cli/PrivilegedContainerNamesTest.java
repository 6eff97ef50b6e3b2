package dev.tcpmap.server.cli;

import static dev.tcpmap.kubernetes.KubeObjects.pod;
import static dev.tcpmap.kubernetes.KubeObjects.withContainers;
import static dev.tcpmap.server.cli.ApiPolls.await;
import static dev.tcpmap.server.cli.ApiPolls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tcpmap.api.ApiServer;
import dev.tcpmap.capture.testnet.TestNetwork;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.kubernetes.KubeObjects;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which container made a connection, on the real kernel: in one test network namespace (the pod
 * {@code shop/web-0}), a server process in the cgroup of the pod's container {@code istio-proxy}, a
 * client in that of its container {@code app}, and a second client in a container no pod lists,
 * each cgroup made under the host's cgroup2 mount as containerd names them; the fabric8 mock API
 * lists the pod with both containers' IDs. Every connection, as {@code /api/v1/connections}
 * answers, names the container of each end: the pod's name for it, else its ID.
 */
@Tag("privileged")
@EnableKubernetesMockClient(crud = true)
class PrivilegedContainerNamesTest {
  private static final int PORT = 7443;
  private static final int FROM_APP = 3;
  private static final int FROM_STRAY = 2;

  KubernetesClient client;

  @TempDir Path work;

  @Test
  void everyConnectionNamesTheContainerOfEachEnd() throws Exception {
    String app = TestCgroups.newId();
    String sidecar = TestCgroups.newId();
    String stray = TestCgroups.newId();
    try (TestNetwork network = TestNetwork.create(1, 1);
        TestCgroups cgroups = new TestCgroups()) {
      String address = network.v4(Side.A, 0).toString();
      Pod web =
          KubeObjects.createPod(
              client,
              withContainers(
                  pod("shop", "web-0", "node-a", null, address),
                  List.of("app", "istio-proxy"),
                  List.of(app, sidecar)));
      String uid = web.getMetadata().getUid();
      Path appCgroup = cgroups.container(uid, app);
      Path sidecarCgroup = cgroups.container(uid, sidecar);
      Path strayCgroup = cgroups.container("0000-stray", stray);
      CliRun run =
          CliRun.tracedAgent("--iterate-every", "500ms", "--kubeconfig", kubeconfig().toString());
      ApiServer api = run.server();
      List<Process> peers = new ArrayList<>();
      try {
        await(api, "/api/v1/status", doc -> doc.toString().contains("watching pods"));
        Process server =
            peer(network, sidecarCgroup, "serve", address, FROM_APP + FROM_STRAY, "server");
        peers.add(server);
        EchoPeer.awaitLine(server, "listening");
        Process fromApp = peer(network, appCgroup, "connect", address, FROM_APP, "app");
        peers.add(fromApp);
        EchoPeer.awaitLine(fromApp, "done");
        Process fromStray = peer(network, strayCgroup, "connect", address, FROM_STRAY, "stray");
        peers.add(fromStray);
        EchoPeer.awaitLine(fromStray, "done");
        for (Process p : peers) {
          assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
          assertThat(p.exitValue()).isZero();
        }
        Map<String, Integer> expected =
            new TreeMap<>(
                Map.of("app -> istio-proxy", FROM_APP, stray + " -> istio-proxy", FROM_STRAY));

        JsonNode answer =
            await(
                api,
                "/api/v1/connections?filter=" + encode("dst.port == " + PORT),
                doc -> ConnectionAnswers.closed(doc, PORT).size() >= FROM_APP + FROM_STRAY);

        assertThat(ConnectionAnswers.byContainers(ConnectionAnswers.closed(answer, PORT)))
            .isEqualTo(expected);
        // The filter language reads the same field.
        JsonNode fromAppOnly =
            json(api, "/api/v1/connections?filter=" + encode("src.container == \"app\""));
        assertThat(ConnectionAnswers.closed(fromAppOnly, PORT)).hasSize(FROM_APP);
      } finally {
        peers.forEach(Process::destroyForcibly);
        for (Process p : peers) {
          p.waitFor(10, TimeUnit.SECONDS);
        }
        run.closeServers();
      }
    }
  }

  private static String encode(String filter) {
    return URLEncoder.encode(filter, StandardCharsets.UTF_8);
  }

  private Process peer(
      TestNetwork network, Path cgroup, String mode, String address, int count, String name)
      throws Exception {
    return EchoPeer.start(
        network, Side.A, cgroup, mode, address, PORT, count, work.resolve(name + ".stderr"));
  }

  private Path kubeconfig() throws Exception {
    return Kubeconfigs.write(work.resolve("kubeconfig"), client.getConfiguration().getMasterUrl());
  }
}
