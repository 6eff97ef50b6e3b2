package dev.tcpmap.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.kubernetes.InformedResources.Resource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RbacManifestTest {
  private static final Path MANIFEST = Path.of("..", "deploy", "kubernetes", "rbac.yaml");

  private static List<HasMetadata> manifest() throws IOException {
    try (InputStream in = Files.newInputStream(MANIFEST)) {
      Object parsed = new KubernetesSerialization().unmarshal(in);
      @SuppressWarnings("unchecked")
      List<HasMetadata> items =
          parsed instanceof List<?> ? (List<HasMetadata>) parsed : List.of((HasMetadata) parsed);
      return items;
    }
  }

  private static ClusterRole role() throws IOException {
    return manifest().stream()
        .filter(ClusterRole.class::isInstance)
        .map(ClusterRole.class::cast)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void clusterRole_grantsExactlyTheInformedResources() throws IOException {
    Set<Resource> granted = new HashSet<>();
    for (PolicyRule rule : role().getRules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          assertThat(granted.add(new Resource(group, resource)))
              .as("granted twice: " + resource)
              .isTrue();
        }
      }
    }

    assertThat(granted).containsExactlyInAnyOrderElementsOf(InformedResources.ALL);
  }

  @Test
  void clusterRole_grantsOnlyGetListWatch() throws IOException {
    for (PolicyRule rule : role().getRules()) {
      assertThat(rule.getVerbs()).containsExactlyInAnyOrderElementsOf(InformedResources.VERBS);
      assertThat(rule.getResourceNames()).isNullOrEmpty();
      assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
    }
  }

  @Test
  void binding_givesTheRoleToTheServiceAccount() throws IOException {
    List<HasMetadata> all = manifest();
    ClusterRoleBinding binding =
        all.stream()
            .filter(ClusterRoleBinding.class::isInstance)
            .map(ClusterRoleBinding.class::cast)
            .findFirst()
            .orElseThrow();
    HasMetadata account =
        all.stream().filter(o -> o.getKind().equals("ServiceAccount")).findFirst().orElseThrow();

    assertThat(all).hasSize(4);
    // The file makes the namespace it puts the account in, so that kubectl apply -f works alone.
    assertThat(all)
        .anySatisfy(
            o -> {
              assertThat(o.getKind()).isEqualTo("Namespace");
              assertThat(o.getMetadata().getName()).isEqualTo(account.getMetadata().getNamespace());
            });
    assertThat(binding.getRoleRef().getName()).isEqualTo(role().getMetadata().getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
              assertThat(s.getNamespace()).isEqualTo(account.getMetadata().getNamespace());
            });
  }
}
