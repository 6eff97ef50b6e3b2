package dev.tcpmap.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerIdsTest {
  private static final String ID =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  record Case(String cgroup, String id) {
    @Override
    public String toString() {
      return cgroup.replace(ID, "ID");
    }
  }

  static Stream<Case> cgroups() {
    return Stream.of(
        new Case("cri-containerd-" + ID + ".scope", ID),
        new Case("crio-" + ID + ".scope", ID),
        new Case("docker-" + ID + ".scope", ID),
        new Case("libpod-" + ID + ".scope", ID),
        new Case(ID, ID),
        new Case("crio-conmon-" + ID + ".scope", ""),
        new Case("kubepods-burstable-pod0a1b2c3d_4e5f_6789_abcd_ef0123456789.slice", ""),
        new Case("cri-containerd-" + ID.substring(1) + ".scope", ""),
        new Case("cri-containerd-" + ID.toUpperCase() + ".scope", ""),
        new Case("system.slice", ""),
        new Case("", ""));
  }

  @ParameterizedTest
  @MethodSource("cgroups")
  void ofCgroup_runtimeLayouts_theirContainerId(Case c) {
    assertThat(ContainerIds.ofCgroup(c.cgroup())).isEqualTo(c.id());
  }

  @Test
  void ofStatus_schemes_theIdAfterIt() {
    assertThat(ContainerIds.ofStatus("containerd://" + ID)).isEqualTo(ID);
    assertThat(ContainerIds.ofStatus("cri-o://" + ID)).isEqualTo(ID);
    assertThat(ContainerIds.ofStatus("docker://" + ID)).isEqualTo(ID);
    assertThat(ContainerIds.ofStatus(ID)).isEqualTo(ID);
  }

  @Test
  void ofStatus_notStarted_empty() {
    assertThat(ContainerIds.ofStatus(null)).isEmpty();
    assertThat(ContainerIds.ofStatus("")).isEmpty();
  }
}
