package dev.tcpmap.kubernetes;

import static dev.tcpmap.kubernetes.KubeObjects.pod;
import static dev.tcpmap.kubernetes.KubeObjects.withPhase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.kubernetes.FieldSelector.Requirement;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {
  private static final Pod POD = pod("tcpmap", "tcpmap-a", "worker-1", null, "10.0.0.1");

  @Test
  void parse_equalsDoubleEqualsAndNotEquals() {
    assertThat(
            FieldSelector.parse("spec.nodeName=a, status.phase==Running,metadata.name!=b")
                .requirements())
        .containsExactly(
            new Requirement("spec.nodeName", false, "a"),
            new Requirement("status.phase", false, "Running"),
            new Requirement("metadata.name", true, "b"));
  }

  @Test
  void parse_empty_selectsEverything() {
    assertThat(FieldSelector.parse("").requirements()).isEmpty();
    assertThat(FieldSelector.parse("").matches(POD)).isTrue();
  }

  @Test
  void parse_unsupportedField_isRejectedWithTheField() {
    assertThatThrownBy(() -> FieldSelector.parse("spec.containers=x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spec.containers");
    assertThatThrownBy(() -> FieldSelector.parse("status.phase"))
        .hasMessageContaining("without = or !=");
    assertThatThrownBy(() -> FieldSelector.parse("status.phase=Running,,"))
        .hasMessageContaining("empty term");
  }

  @Test
  void matches_everyRequirementMustHold() {
    assertThat(FieldSelector.parse("spec.nodeName=worker-1,status.phase=Running").matches(POD))
        .isTrue();
    assertThat(FieldSelector.parse("spec.nodeName!=worker-1").matches(POD)).isFalse();
    assertThat(FieldSelector.parse("status.phase=Running").matches(withPhase(POD, "Pending")))
        .isFalse();
    assertThat(FieldSelector.parse("spec.hostNetwork=false,metadata.namespace=tcpmap").matches(POD))
        .isTrue();
    assertThat(new FieldSelector(List.of()).matches(POD)).isTrue();
  }
}
