package dev.tcpmap.kubernetes;

import static dev.tcpmap.kubernetes.KubeObjects.controller;
import static dev.tcpmap.kubernetes.KubeObjects.createPod;
import static dev.tcpmap.kubernetes.KubeObjects.hostNetworkPod;
import static dev.tcpmap.kubernetes.KubeObjects.job;
import static dev.tcpmap.kubernetes.KubeObjects.node;
import static dev.tcpmap.kubernetes.KubeObjects.pod;
import static dev.tcpmap.kubernetes.KubeObjects.replicaSet;
import static dev.tcpmap.kubernetes.KubeObjects.service;
import static dev.tcpmap.kubernetes.KubeObjects.slice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.cluster.Backend;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Kind;
import dev.tcpmap.core.model.Endpoint.Workload;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.model.SocketDetails;
import dev.tcpmap.core.source.SourceStatus.State;
import dev.tcpmap.core.testing.Closer;
import dev.tcpmap.kubernetes.KubeObjects.SliceEntry;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@EnableKubernetesMockClient(crud = true)
class ClusterWatchTest {

  /** What the agent's own resolver would say: here, the IP marked as not from Kubernetes. */
  static final Resolver FALLBACK =
      (ip, at) -> new Endpoint(ip, Kind.EXTERNAL, "fallback:" + ip, "");

  /** One mock API server per test: a watch cut at a test's end can stall its event loop. */
  KubernetesClient client;

  private ClusterWatch watch;

  @RegisterExtension final Closer closer = new Closer();

  <T extends HasMetadata> T create(T object) {
    return KubeObjects.create(client, object);
  }

  private Endpoint resolve(String ip, Instant at) {
    return watch.resolver().resolve(IpAddress.parse(ip), at);
  }

  private void awaitName(String ip, String name) {
    Await.until(
        Await.WAIT,
        () -> resolve(ip, Instant.now()).name().equals(name),
        () -> resolve(ip, Instant.now()).toString());
  }

  @Test
  void resolve_realisticCluster_namesEveryKindOfEndpoint() {
    create(node("worker-1", "192.168.1.11"));
    create(node("worker-2", "192.168.1.12", "203.0.113.12"));
    create(replicaSet("shop", "web-7d4b9", "web"));
    createPod(
        client,
        pod(
            "shop",
            "web-7d4b9-a",
            "worker-1",
            controller("ReplicaSet", "web-7d4b9"),
            "10.1.1.5",
            "fd00:1::5"));
    createPod(
        client,
        pod("shop", "web-7d4b9-b", "worker-2", controller("ReplicaSet", "web-7d4b9"), "10.1.2.5"));
    createPod(client, pod("shop", "pg-0", "worker-2", controller("StatefulSet", "pg"), "10.1.2.6"));
    createPod(
        client,
        hostNetworkPod(
            "monitoring",
            "node-exporter-x1",
            "worker-1",
            controller("DaemonSet", "node-exporter"),
            "192.168.1.11",
            9100));
    create(job("ops", "backup-29000", "backup"));
    createPod(
        client,
        pod("ops", "backup-29000-q", "worker-1", controller("Job", "backup-29000"), "10.1.1.7"));
    create(service("shop", "web", "10.96.0.80", "fd00:96::80"));
    create(service("shop", "pg", "None"));
    create(
        slice(
            "shop",
            "web",
            "web-v4",
            new SliceEntry("web-7d4b9-a", "10.1.1.5", true),
            new SliceEntry("web-7d4b9-b", "10.1.2.5", false)));
    create(slice("shop", "web", "web-v6", new SliceEntry("web-7d4b9-a", "fd00:1::5", true)));

    watch =
        closer.add(
            ClusterWatch.start(
                client, KubernetesOptions.defaults(), FALLBACK, InstantSource.system()));
    Await.running(watch);
    awaitName("10.1.1.7", "backup-29000-q");

    Instant now = Instant.now();
    assertThat(resolve("10.1.1.5", now))
        .isEqualTo(
            new Endpoint(
                IpAddress.parse("10.1.1.5"),
                Kind.POD,
                "web-7d4b9-a",
                "shop",
                new Workload("Deployment", "web"),
                "worker-1"));
    assertThat(resolve("fd00:1::5", now).name()).isEqualTo("web-7d4b9-a");
    assertThat(resolve("10.1.2.6", now).workload()).isEqualTo(new Workload("StatefulSet", "pg"));
    assertThat(resolve("10.1.1.7", now).workload()).isEqualTo(new Workload("CronJob", "backup"));
    assertThat(resolve("10.96.0.80", now))
        .isEqualTo(new Endpoint(IpAddress.parse("10.96.0.80"), Kind.SERVICE, "web", "shop"));
    assertThat(resolve("fd00:96::80", now).name()).isEqualTo("web");
    assertThat(resolve("203.0.113.12", now))
        .isEqualTo(
            new Endpoint(
                IpAddress.parse("203.0.113.12"),
                Kind.NODE,
                "worker-2",
                "",
                Workload.NONE,
                "worker-2"));
    assertThat(resolve("10.9.9.9", now).name()).isEqualTo("fallback:10.9.9.9");

    Connection scrape = connection("10.1.2.5", "192.168.1.11", 9100, now);
    assertThat(watch.resolver().resolveServer(scrape).workload())
        .isEqualTo(new Workload("DaemonSet", "node-exporter"));
    assertThat(watch.resolver().resolveClient(scrape).name()).isEqualTo("web-7d4b9-b");
    Connection kubelet = connection("10.1.2.5", "192.168.1.11", 10250, now);
    assertThat(watch.resolver().resolveServer(kubelet).kind()).isEqualTo(Kind.NODE);

    Await.until(
        Await.WAIT, () -> !watch.resolver().backends("shop", "web").isEmpty(), () -> "no backends");
    assertThat(watch.resolver().backends("shop", "web"))
        .containsExactly(new Backend(new Workload("Deployment", "web"), 1, 2));
    assertThat(watch.status().message()).startsWith("watching pods, services, nodes");
  }

  @Test
  void resolve_podDeletedAndItsIpReused_oldConnectionsKeepTheOldPod() {
    watch =
        closer.add(
            ClusterWatch.start(
                client, KubernetesOptions.defaults(), FALLBACK, InstantSource.system()));
    Await.running(watch);
    Pod old = createPod(client, pod("shop", "web-1", "worker-1", null, "10.1.3.5"));
    awaitName("10.1.3.5", "web-1");
    Instant duringOld = Instant.now();

    client.resource(old).withGracePeriod(0).delete();
    Await.until(
        Await.WAIT,
        () -> watch.index().tombstones() == 1,
        () -> "tombstones " + watch.index().tombstones());
    assertThat(resolve("10.1.3.5", Instant.now().plusMillis(1)).name())
        .isEqualTo("fallback:10.1.3.5");
    createPod(client, pod("shop", "web-2", "worker-1", null, "10.1.3.5"));
    awaitName("10.1.3.5", "web-2");

    assertThat(resolve("10.1.3.5", duringOld).name()).isEqualTo("web-1");
    assertThat(resolve("10.1.3.5", Instant.now()).name()).isEqualTo("web-2");
  }

  @Test
  void resolve_whileWatchEventsArrive_lookupsOnOtherThreadsSeeConsistentNames() throws Exception {
    watch =
        closer.add(
            ClusterWatch.start(
                client, KubernetesOptions.defaults(), FALLBACK, InstantSource.system()));
    Await.running(watch);
    int pods = 40;
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong lookups = new AtomicLong();
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      readers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (!stop.get()) {
                      for (int i = 0; i < pods; i++) {
                        String ip = "10.1.4." + i;
                        String name = resolve(ip, Instant.now()).name();
                        // each address only ever belongs to pods named after it
                        if (!name.equals("fallback:" + ip) && !name.startsWith("p" + i + "-")) {
                          wrong.add(ip + " -> " + name);
                        }
                        lookups.incrementAndGet();
                      }
                    }
                  }));
    }
    for (int round = 0; round < 3; round++) {
      List<Pod> created = new ArrayList<>();
      for (int i = 0; i < pods; i++) {
        created.add(
            createPod(
                client, pod("churn", "p" + i + "-" + round, "worker-1", null, "10.1.4." + i)));
      }
      int last = round;
      Await.until(
          Await.WAIT,
          () ->
              resolve("10.1.4." + (pods - 1), Instant.now())
                  .name()
                  .equals("p" + (pods - 1) + "-" + last),
          () -> "round " + last);
      for (Pod p : created) {
        client.resource(p).withGracePeriod(0).delete();
      }
    }
    stop.set(true);
    for (Thread t : readers) {
      t.join();
    }

    assertThat(wrong).isEmpty();
    assertThat(lookups.get()).isPositive();
  }

  @Test
  void status_apiDownAtStart_degradedUntilItAnswersThenNamesFillIn() throws Exception {
    createPod(client, pod("shop", "early", "worker-1", null, "10.1.5.5"));
    LogRecords logs = new LogRecords();
    try (logs;
        TcpProxy proxy = new TcpProxy(URI.create(client.getMasterUrl().toString()).getPort());
        KubernetesClient viaProxy = clientThrough(proxy)) {
      Instant connectionStart = Instant.now();
      watch =
          closer.add(
              ClusterWatch.start(
                  viaProxy, KubernetesOptions.defaults(), FALLBACK, InstantSource.system()));

      Await.until(
          Await.WAIT,
          () -> watch.status().message().contains("ConnectException"),
          () -> watch.status().toString());
      assertThat(watch.status().state()).isEqualTo(State.DEGRADED);
      assertThat(watch.status().message()).startsWith("not synced yet: ");
      assertThat(resolve("10.1.5.5", connectionStart).name()).isEqualTo("fallback:10.1.5.5");

      proxy.up();
      Await.running(watch);
      awaitName("10.1.5.5", "early");
      assertThat(resolve("10.1.5.5", connectionStart).name()).isEqualTo("early");

      proxy.down();
      Await.until(
          Await.WAIT,
          () -> watch.status().state() == State.DEGRADED,
          () -> watch.status().toString());
      assertThat(watch.status().message()).startsWith("watch lost: ").endsWith("; retrying");
      assertThat(resolve("10.1.5.5", connectionStart).name()).isEqualTo("early");

      proxy.up();
      Await.running(watch);
    }
    // one line per change of status, no stack traces from fabric8's retries
    assertThat(logs.records())
        .filteredOn(r -> r.getLoggerName().startsWith("io.fabric8.kubernetes.client"))
        .filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .extracting(LogRecord::getMessage)
        .isEmpty();
  }

  /** A client like the mock's, but through {@code proxy} and retrying quickly. */
  private KubernetesClient clientThrough(TcpProxy proxy) {
    String url = client.getMasterUrl().toString().replaceFirst(":\\d+", ":" + proxy.port());
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withTrustCerts(true)
                .withDisableHostnameVerification(true)
                .withWatchReconnectInterval(100)
                .withRequestRetryBackoffLimit(0)
                .build())
        .build();
  }

  static Connection connection(String client, String server, int port, Instant start) {
    return new Connection(
        IpAddress.parse(client),
        40_000,
        IpAddress.parse(server),
        port,
        start,
        Duration.ofSeconds(1),
        10,
        20,
        Outcome.CLOSED,
        true,
        SocketDetails.NONE);
  }
}
