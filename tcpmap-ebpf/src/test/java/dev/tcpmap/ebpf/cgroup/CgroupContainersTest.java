package dev.tcpmap.ebpf.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory tree made like a cgroup2 mount: its inodes are the cgroup ids. */
class CgroupContainersTest {
  private static final String APP =
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String SIDECAR =
      "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  private static final String POD =
      "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234_5678.slice";

  @TempDir Path root;

  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

  private CgroupContainers containers(int max) {
    return new CgroupContainers(root, max, id -> id.equals(APP) ? "app" : "", clock::get);
  }

  private Path dir(String path) throws IOException {
    return Files.createDirectories(root.resolve(path));
  }

  private static long id(Path dir) throws IOException {
    return (Long) Files.getAttribute(dir, "unix:ino");
  }

  @Test
  void name_containerScopes_byPodNameElseId() throws IOException {
    long app = id(dir(POD + "/cri-containerd-" + APP + ".scope"));
    long sidecar = id(dir(POD + "/cri-containerd-" + SIDECAR + ".scope"));
    long pod = id(dir(POD));
    CgroupContainers c = containers(100);

    assertThat(c.name(app)).isEqualTo("app");
    assertThat(c.name(sidecar)).isEqualTo(SIDECAR);
    assertThat(c.name(pod)).isEmpty();
    assertThat(c.name(id(root))).isEmpty();
    assertThat(c.losses()).isEmpty();
  }

  @Test
  void name_cgroupBelowAContainer_thatContainer() throws IOException {
    long nested = id(dir("kubepods/burstable/pod1234/" + SIDECAR + "/init.scope"));
    assertThat(containers(100).containerId(nested)).isEqualTo(SIDECAR);
  }

  @Test
  void name_containerCreatedAfterAReading_foundByReadingAgain() throws IOException {
    dir("system.slice");
    CgroupContainers c = containers(100);
    assertThat(c.name(id(root))).isEmpty();

    long later = id(dir(POD + "/crio-" + APP + ".scope"));
    // On kernfs a new cgroup's id is above all earlier ones, which makes the tree be read again
    // at once; a test file system promises no order, so the second passes here.
    clock.addAndGet(1_000_000_000L);

    assertThat(c.name(later)).isEqualTo("app");
    assertThat(c.losses()).isEmpty();
  }

  @Test
  void name_cgroupGoneBeforeReading_countedUnknown() throws IOException {
    Path gone = dir(POD + "/docker-" + APP + ".scope");
    long id = id(gone);
    Files.delete(gone);
    CgroupContainers c = containers(100);

    assertThat(c.name(id)).isEmpty();
    assertThat(c.name(id)).isEmpty();

    assertThat(c.losses()).isEqualTo(Map.of(CgroupContainers.UNKNOWN, 2L));
  }

  @Test
  void containerId_olderUnknownId_readsAgainAtMostOnceASecond() throws IOException {
    long old = 1; // no directory of the tree, and below the ids read
    long app = id(dir(POD + "/cri-containerd-" + APP + ".scope"));
    CgroupContainers c = containers(100);
    assertThat(c.containerId(app)).isEqualTo(APP);

    c.containerId(old);
    long sidecar = id(dir(POD + "/cri-containerd-" + SIDECAR + ".scope"));
    Files.delete(root.resolve(POD + "/cri-containerd-" + APP + ".scope"));
    c.containerId(old);
    assertThat(c.containerId(app)).as("the tree was not read again within a second").isEqualTo(APP);

    clock.addAndGet(1_000_000_000L);
    c.containerId(old);
    assertThat(c.containerId(sidecar)).isEqualTo(SIDECAR);
    assertThat(c.containerId(app)).isEmpty();
  }

  @Test
  void cgroupOf_containerId_theIdOfItsScope() throws IOException {
    long app = id(dir(POD + "/cri-containerd-" + APP + ".scope"));
    dir(POD + "/cri-containerd-" + APP + ".scope/inner");
    CgroupContainers c = containers(100);

    assertThat(c.cgroupOf(APP)).isEqualTo(app);
    assertThat(c.cgroupOf(SIDECAR)).isZero();

    long sidecar = id(dir(POD + "/cri-containerd-" + SIDECAR + ".scope"));
    assertThat(c.cgroupOf(SIDECAR)).as("not read again by itself").isZero();
    c.reread();
    assertThat(c.cgroupOf(SIDECAR)).isEqualTo(sidecar);
  }

  @Test
  void read_moreDirectoriesThanTheBound_countedTableFull() throws IOException {
    for (int i = 0; i < 5; i++) {
      dir("slice-" + i);
    }
    CgroupContainers c = containers(3);
    c.containerId(id(root));

    assertThat(c.losses()).containsEntry(CgroupContainers.TABLE_FULL, 1L);
  }

  @Test
  void mount_unifiedOrHybrid_theCgroup2MountOfTheWholeHierarchy() throws IOException {
    Path hybrid = root.resolve("mountinfo-hybrid");
    Files.writeString(
        hybrid,
        """
        25 19 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
        26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw
        27 25 0:24 / /sys/fs/cgroup/memory rw,nosuid shared:11 - cgroup cgroup rw,memory
        """);
    Path nested = root.resolve("mountinfo-namespaced");
    Files.writeString(
        nested,
        """
        30 20 0:26 /kubepods/pod1 /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw
        31 20 0:26 / /host/sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw
        """);
    Path none = root.resolve("mountinfo-v1");
    Files.writeString(none, "27 25 0:24 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n");

    assertThat(CgroupContainers.mount(hybrid)).contains(Path.of("/sys/fs/cgroup/unified"));
    assertThat(CgroupContainers.mount(nested)).contains(Path.of("/host/sys/fs/cgroup"));
    assertThat(CgroupContainers.mount(none)).isEmpty();
    assertThat(CgroupContainers.mount(root.resolve("missing"))).isEmpty();
  }
}
