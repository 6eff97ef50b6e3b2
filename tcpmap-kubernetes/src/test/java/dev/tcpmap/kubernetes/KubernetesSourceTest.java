package dev.tcpmap.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.config.ConfigException;
import dev.tcpmap.core.config.Configuration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesSourceTest {
  private static final Map<String, String> IN_POD = Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1");

  @TempDir Path work;

  private static KubernetesSettings.Config config(Map<String, String> options) {
    return Configuration.load(List.of(KubernetesSettings.AREA), options, Map.of())
        .get(KubernetesSettings.AREA);
  }

  private static Optional<KubernetesOptions> options(
      KubernetesSettings.Config config, Map<String, String> env) {
    return KubernetesSource.options(config, 6676, env);
  }

  @Test
  void options_outsideAPodWithoutKubeconfig_noKubernetes() {
    assertThat(options(config(Map.of()), Map.of())).isEmpty();
  }

  @Test
  void options_inAPod_serviceAccountAndPeersOnTheApiPort() {
    Optional<KubernetesOptions> options =
        KubernetesSource.options(config(Map.of("cluster.pod-name", "tcpmap-x1")), 7000, IN_POD);

    assertThat(options).isPresent();
    assertThat(options.get().kubeconfig()).isEmpty();
    assertThat(options.get().peerPort()).isEqualTo(7000);
    assertThat(options.get().peerLabelSelector()).isEqualTo("app.kubernetes.io/name=tcpmap");
    assertThat(options.get().selfName()).isEqualTo("tcpmap-x1");
  }

  @Test
  void options_disabled_winsOverAPod() {
    assertThat(options(config(Map.of("kubernetes.disabled", "true")), IN_POD)).isEmpty();
  }

  @Test
  void options_kubeconfig_isUsedAnywhere() throws Exception {
    Path file = Files.writeString(work.resolve("config"), "apiVersion: v1\nkind: Config\n");

    Optional<KubernetesOptions> options =
        options(
            config(Map.of("kubernetes.kubeconfig", file.toString(), "cluster.peer-port", "9")),
            Map.of());

    assertThat(options.get().kubeconfig()).contains(file);
    assertThat(options.get().peerPort()).isEqualTo(9);
  }

  @Test
  void options_missingKubeconfig_isAConfigErrorNamingTheKey() {
    assertThatThrownBy(
            () ->
                options(
                    config(Map.of("kubernetes.kubeconfig", work.resolve("nope").toString())),
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kubernetes.kubeconfig: no readable kubeconfig file at ");
  }

  @Test
  void options_kubeconfigVariable_isUsedWhenNoneIsGiven_theFirstOfAList() throws Exception {
    Path first = Files.writeString(work.resolve("first"), "apiVersion: v1\nkind: Config\n");
    Path second = Files.writeString(work.resolve("second"), "apiVersion: v1\nkind: Config\n");

    Optional<KubernetesOptions> fromVariable =
        options(config(Map.of()), Map.of("KUBECONFIG", first + ":" + second));
    assertThat(fromVariable.get().kubeconfig()).contains(first);

    Path given = Files.writeString(work.resolve("given"), "apiVersion: v1\nkind: Config\n");
    Optional<KubernetesOptions> flagWins =
        options(
            config(Map.of("kubernetes.kubeconfig", given.toString())),
            Map.of("KUBECONFIG", first.toString()));
    assertThat(flagWins.get().kubeconfig()).contains(given);

    assertThatThrownBy(
            () ->
                options(config(Map.of()), Map.of("KUBECONFIG", work.resolve("missing").toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("KUBECONFIG: no readable kubeconfig file at ");
  }

  @Test
  void options_badFieldSelector_isAConfigErrorNamingTheKey() {
    assertThatThrownBy(
            () -> options(config(Map.of("cluster.peer-field-selector", "spec.bogus=x")), IN_POD))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("cluster.peer-field-selector: ");
  }
}
