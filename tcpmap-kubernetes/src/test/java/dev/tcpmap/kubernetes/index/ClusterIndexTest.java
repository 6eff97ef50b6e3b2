package dev.tcpmap.kubernetes.index;

import static dev.tcpmap.kubernetes.KubeObjects.controller;
import static dev.tcpmap.kubernetes.KubeObjects.hostNetworkPod;
import static dev.tcpmap.kubernetes.KubeObjects.job;
import static dev.tcpmap.kubernetes.KubeObjects.node;
import static dev.tcpmap.kubernetes.KubeObjects.pod;
import static dev.tcpmap.kubernetes.KubeObjects.replicaSet;
import static dev.tcpmap.kubernetes.KubeObjects.service;
import static dev.tcpmap.kubernetes.KubeObjects.withPhase;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.Endpoint.Kind;
import dev.tcpmap.core.model.Endpoint.Workload;
import dev.tcpmap.core.model.IpAddress;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ClusterIndexTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final InstantSource clock = () -> now.get();
  private final ClusterIndex index = new ClusterIndex(clock, Duration.ofMinutes(10), 100);

  private static IpAddress ip(String text) {
    return IpAddress.parse(text);
  }

  private Instant later(long seconds) {
    return now.updateAndGet(t -> t.plusSeconds(seconds));
  }

  private Endpoint at(String ip, Instant when) {
    return index.resolve(ip(ip), when);
  }

  @Test
  void resolve_deploymentPod_namesPodWorkloadAndNode() {
    index.putOwner(replicaSet("shop", "web-7d4b9", "web"));
    index.putPod(
        pod(
            "shop",
            "web-7d4b9-x2x",
            "worker-1",
            controller("ReplicaSet", "web-7d4b9"),
            "10.1.0.5"));

    assertThat(at("10.1.0.5", T0))
        .isEqualTo(
            new Endpoint(
                ip("10.1.0.5"),
                Kind.POD,
                "web-7d4b9-x2x",
                "shop",
                new Workload("Deployment", "web"),
                "worker-1"));
  }

  @Test
  void resolve_replicaSetArrivingAfterItsPods_renamesThem() {
    index.putPod(
        pod("shop", "web-7d4b9-x2x", "w1", controller("ReplicaSet", "web-7d4b9"), "10.1.0.5"));
    assertThat(at("10.1.0.5", T0).workload()).isEqualTo(new Workload("ReplicaSet", "web-7d4b9"));

    index.putOwner(replicaSet("shop", "web-7d4b9", "web"));

    assertThat(at("10.1.0.5", T0).workload()).isEqualTo(new Workload("Deployment", "web"));
    assertThat(index.workloadOf("shop", "web-7d4b9-x2x"))
        .isEqualTo(new Workload("Deployment", "web"));
  }

  @Test
  void resolve_replicaSetWithoutOwner_isItsOwnWorkload() {
    index.putOwner(replicaSet("shop", "bare", null));
    index.putPod(pod("shop", "bare-abc", "w1", controller("ReplicaSet", "bare"), "10.1.0.6"));

    assertThat(at("10.1.0.6", T0).workload()).isEqualTo(new Workload("ReplicaSet", "bare"));
  }

  @Test
  void resolve_jobOfACronJob_namesTheCronJob() {
    index.putOwner(job("ops", "backup-29000", "backup"));
    index.putPod(pod("ops", "backup-29000-q", "w1", controller("Job", "backup-29000"), "10.1.0.7"));
    index.putPod(pod("ops", "once-z", "w1", controller("Job", "once"), "10.1.0.8"));

    assertThat(at("10.1.0.7", T0).workload()).isEqualTo(new Workload("CronJob", "backup"));
    assertThat(at("10.1.0.8", T0).workload()).isEqualTo(new Workload("Job", "once"));
  }

  @Test
  void resolve_statefulSetCustomResourceAndBarePods_takeTheOwnerAsGiven() {
    index.putPod(pod("db", "pg-0", "w1", controller("StatefulSet", "pg"), "10.1.0.9"));
    index.putPod(pod("x", "r-1", "w1", controller("Rollout", "canary"), "10.1.0.10"));
    index.putPod(pod("x", "debug", "w1", null, "10.1.0.11"));

    assertThat(at("10.1.0.9", T0).workload()).isEqualTo(new Workload("StatefulSet", "pg"));
    assertThat(at("10.1.0.10", T0).workload()).isEqualTo(new Workload("Rollout", "canary"));
    assertThat(at("10.1.0.11", T0).workload()).isEqualTo(new Workload("Pod", "debug"));
  }

  @Test
  void resolve_dualStackPod_namesBothAddresses() {
    index.putPod(pod("shop", "api-1", "w1", null, "10.1.0.12", "fd00:10:1::12"));

    assertThat(at("10.1.0.12", T0).name()).isEqualTo("api-1");
    assertThat(at("fd00:10:1::12", T0).name()).isEqualTo("api-1");
    assertThat(at("fd00:10:1::12", T0).ip()).isEqualTo(ip("fd00:10:1::12"));
  }

  @Test
  void resolve_servicesAndNodes_areNamed_headlessIgnored() {
    index.putService(service("shop", "api", "10.96.0.10", "fd00:96::10"));
    index.putService(service("shop", "peers", "None"));
    index.putNode(node("worker-1", "192.168.1.11", "203.0.113.11"));

    assertThat(at("10.96.0.10", T0))
        .isEqualTo(new Endpoint(ip("10.96.0.10"), Kind.SERVICE, "api", "shop"));
    assertThat(at("fd00:96::10", T0).name()).isEqualTo("api");
    assertThat(index.addresses()).isEqualTo(4);
    assertThat(at("192.168.1.11", T0))
        .isEqualTo(
            new Endpoint(ip("192.168.1.11"), Kind.NODE, "worker-1", "", Workload.NONE, "worker-1"));
    assertThat(at("203.0.113.11", T0).name()).isEqualTo("worker-1");
  }

  @Test
  void resolve_deletedPod_namesOldOwnerForOldConnections() {
    Pod old = pod("shop", "web-1", "w1", null, "10.1.0.20");
    index.putPod(old);
    Instant deleted = later(60);
    index.removePod(old);
    later(5);
    index.putPod(pod("shop", "web-2", "w1", null, "10.1.0.20"));

    assertThat(at("10.1.0.20", deleted.minusMillis(1)).name()).isEqualTo("web-1");
    assertThat(at("10.1.0.20", deleted.plusSeconds(1)).name()).isEqualTo("web-2");
    assertThat(at("10.1.0.20", now.get().plusSeconds(1)).name()).isEqualTo("web-2");
  }

  @Test
  void resolve_newPodSeenBeforeTheOldOnesDelete_handsOverWhenTheNewOneIsSeen() {
    Pod old = pod("shop", "web-1", "w1", null, "10.1.0.21");
    index.putPod(old);
    Instant takenOver = later(60);
    index.putPod(pod("shop", "web-2", "w1", null, "10.1.0.21"));
    later(5);
    index.putPod(old); // a late status update of the terminating pod
    index.removePod(old);

    assertThat(at("10.1.0.21", takenOver.minusMillis(1)).name()).isEqualTo("web-1");
    assertThat(at("10.1.0.21", takenOver).name()).isEqualTo("web-2");
    assertThat(at("10.1.0.21", now.get()).name()).isEqualTo("web-2");
  }

  @Test
  void resolve_finishedJobPod_givesItsAddressBack() {
    Pod running = pod("ops", "task-a", "w1", controller("Job", "task"), "10.1.0.22");
    index.putPod(running);
    Instant finished = later(30);
    index.putPod(withPhase(running, "Succeeded"));
    later(5);
    index.putPod(pod("ops", "next", "w1", null, "10.1.0.22"));

    assertThat(at("10.1.0.22", finished.minusMillis(1)).name()).isEqualTo("task-a");
    assertThat(at("10.1.0.22", now.get()).name()).isEqualTo("next");
  }

  @Test
  void resolve_podFirstSeenFinished_claimsNothing() {
    index.putPod(pod("ops", "live", "w1", null, "10.1.0.23"));
    index.putPod(withPhase(pod("ops", "done", "w1", null, "10.1.0.23"), "Failed"));
    index.putPod(withPhase(pod("ops", "alone", "w1", null, "10.1.0.24"), "Succeeded"));

    assertThat(at("10.1.0.23", T0.minusSeconds(3600)).name()).isEqualTo("live");
    assertThat(at("10.1.0.24", T0)).isNull();
  }

  @Test
  void resolve_afterTheGrace_forgetsTheDeletedPod() {
    Pod old = pod("shop", "web-1", "w1", null, "10.1.0.25");
    index.putPod(old);
    index.removePod(old);
    assertThat(index.tombstones()).isEqualTo(1);

    later(Duration.ofMinutes(10).toSeconds());
    index.purge();

    assertThat(at("10.1.0.25", T0.minusSeconds(1))).isNull();
    assertThat(index.tombstones()).isZero();
    assertThat(index.addresses()).isZero();
  }

  @Test
  void resolve_moreTombstonesThanAllowed_dropsTheOldestAndCountsThem() {
    ClusterIndex small = new ClusterIndex(clock, Duration.ofHours(1), 2);
    for (int i = 0; i < 5; i++) {
      Pod p = pod("shop", "p" + i, "w1", null, "10.1.1." + i);
      small.putPod(p);
      later(1);
      small.removePod(p);
    }

    assertThat(small.tombstones()).isEqualTo(2);
    assertThat(small.droppedTombstones()).isEqualTo(3);
    assertThat(small.resolve(ip("10.1.1.0"), T0)).isNull();
    assertThat(small.resolve(ip("10.1.1.4"), T0).name()).isEqualTo("p4");
  }

  @Test
  void resolveServer_hostNetworkPod_isNamedOnItsPortsOnly() {
    index.putNode(node("worker-1", "192.168.1.11"));
    index.putPod(
        hostNetworkPod(
            "monitoring",
            "node-exporter-abc",
            "worker-1",
            controller("DaemonSet", "node-exporter"),
            "192.168.1.11",
            9100));

    Endpoint onPort = index.resolveServer(ip("192.168.1.11"), 9100, T0);
    assertThat(onPort.kind()).isEqualTo(Kind.POD);
    assertThat(onPort.name()).isEqualTo("node-exporter-abc");
    assertThat(onPort.workload()).isEqualTo(new Workload("DaemonSet", "node-exporter"));
    assertThat(onPort.node()).isEqualTo("worker-1");
    assertThat(index.resolveServer(ip("192.168.1.11"), 10250, T0).kind()).isEqualTo(Kind.NODE);
    assertThat(at("192.168.1.11", T0).kind()).isEqualTo(Kind.NODE);
  }

  @Test
  void resolveServer_hostNetworkPodOnAnUnknownNode_isStillNamedOnItsPort() {
    index.putPod(hostNetworkPod("kube-system", "proxy", "w9", null, "192.168.1.19", 10256));

    assertThat(index.resolveServer(ip("192.168.1.19"), 10256, T0).name()).isEqualTo("proxy");
    assertThat(index.resolveServer(ip("192.168.1.19"), 22, T0)).isNull();
  }

  @Test
  void removeOwner_replicaSetGone_livePodsFallBackToIt() {
    var rs = replicaSet("shop", "web-7d4b9", "web");
    index.putOwner(rs);
    index.putPod(
        pod("shop", "web-7d4b9-x2x", "w1", controller("ReplicaSet", "web-7d4b9"), "10.1.0.30"));

    index.removeOwner(rs);

    assertThat(at("10.1.0.30", T0).workload()).isEqualTo(new Workload("ReplicaSet", "web-7d4b9"));
  }

  @Test
  void removeService_thenNewService_reusesTheClusterIp() {
    var old = service("shop", "old", "10.96.0.50");
    index.putService(old);
    Instant gone = later(10);
    index.removeService(old);
    index.putService(service("shop", "new", "10.96.0.50"));

    assertThat(at("10.96.0.50", gone.minusMillis(1)).name()).isEqualTo("old");
    assertThat(at("10.96.0.50", gone).name()).isEqualTo("new");
  }

  @Test
  void nanos_extremeInstants_saturate() {
    assertThat(ClusterIndex.nanos(Instant.MIN)).isEqualTo(Long.MIN_VALUE + 1);
    assertThat(ClusterIndex.nanos(Instant.MAX)).isEqualTo(Long.MAX_VALUE - 1);
    assertThat(ClusterIndex.nanos(T0)).isEqualTo(T0.getEpochSecond() * 1_000_000_000L);
  }
}
