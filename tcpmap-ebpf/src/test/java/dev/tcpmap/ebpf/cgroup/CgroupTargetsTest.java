package dev.tcpmap.ebpf.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.source.SourceStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupTargetsTest {
  private static final String APP = "a".repeat(64);
  private static final String SIDECAR = "b".repeat(64);
  private static final String ELSEWHERE = "c".repeat(64);

  @TempDir Path root;

  private final AtomicReference<CgroupTargets.Selected> selected =
      new AtomicReference<>(new CgroupTargets.Selected(0, Set.of()));
  private final List<Set<Long>> handed = new ArrayList<>();

  private CgroupTargets targets() {
    CgroupContainers containers = new CgroupContainers(root, 100, id -> "", System::nanoTime);
    return new CgroupTargets("pods with labels app=web", selected::get, containers, handed::add);
  }

  private long scope(String id) throws IOException {
    Path dir =
        Files.createDirectories(root.resolve("kubepods/pod1/cri-containerd-" + id + ".scope"));
    return (Long) Files.getAttribute(dir, "unix:ino");
  }

  private static String message(CgroupTargets t) {
    return t.status().getFirst().message();
  }

  @Test
  void sync_selectedContainersOnThisNode_theirCgroupsTargeted() throws IOException {
    long app = scope(APP);
    selected.set(new CgroupTargets.Selected(2, Set.of(APP, ELSEWHERE)));
    CgroupTargets t = targets();

    t.sync();

    assertThat(handed).containsExactly(Set.of(app));
    assertThat(message(t))
        .isEqualTo(
            "pods with labels app=web: 2 pods match, 1 container of them on this node traced");
  }

  @Test
  void sync_nothingChanged_nothingHandedAgain() throws IOException {
    scope(APP);
    selected.set(new CgroupTargets.Selected(1, Set.of(APP)));
    CgroupTargets t = targets();

    t.sync();
    t.sync();

    assertThat(handed).hasSize(1);
  }

  @Test
  void sync_containerStartedInASelectedPod_targetedAtTheNextRound() throws IOException {
    long app = scope(APP);
    selected.set(new CgroupTargets.Selected(1, Set.of(APP)));
    CgroupTargets t = targets();
    t.sync();

    long sidecar = scope(SIDECAR);
    selected.set(new CgroupTargets.Selected(1, Set.of(APP, SIDECAR)));
    t.sync();

    assertThat(handed).containsExactly(Set.of(app), Set.of(app, sidecar));
  }

  @Test
  void sync_podNoLongerSelected_untargeted() throws IOException {
    scope(APP);
    selected.set(new CgroupTargets.Selected(1, Set.of(APP)));
    CgroupTargets t = targets();
    t.sync();

    selected.set(new CgroupTargets.Selected(0, Set.of()));
    t.sync();

    assertThat(handed.getLast()).isEmpty();
    assertThat(message(t)).endsWith(": 0 pods match, 0 containers of them on this node traced");
  }

  @Test
  void sync_tracerRefuses_degradedWithTheReasonAndRetried() throws IOException {
    scope(APP);
    selected.set(new CgroupTargets.Selected(1, Set.of(APP)));
    CgroupContainers containers = new CgroupContainers(root, 100, id -> "", System::nanoTime);
    List<Set<Long>> accepted = new ArrayList<>();
    boolean[] refuse = {true};
    CgroupTargets t =
        new CgroupTargets(
            "pods",
            selected::get,
            containers,
            cgroups -> {
              if (refuse[0]) {
                throw new IllegalArgumentException("too many");
              }
              accepted.add(cgroups);
            });

    t.sync();
    assertThat(t.status().getFirst().state()).isEqualTo(SourceStatus.State.DEGRADED);
    assertThat(message(t)).contains("too many");

    refuse[0] = false;
    t.sync();
    assertThat(accepted).hasSize(1);
    assertThat(t.status().getFirst().state()).isEqualTo(SourceStatus.State.RUNNING);
  }
}
