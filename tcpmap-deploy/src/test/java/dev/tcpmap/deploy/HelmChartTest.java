package dev.tcpmap.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import dev.tcpmap.core.config.Configuration;
import dev.tcpmap.core.config.Setting;
import dev.tcpmap.kubernetes.InformedResources;
import dev.tcpmap.kubernetes.InformedResources.Resource;
import dev.tcpmap.server.cli.ConfigTable;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Helm chart, rendered by Helm for its default values and the variants users choose: it lints
 * strictly, every object is a Kubernetes object, the agent is not privileged and gets only the
 * documented capabilities, its probes hit the API's probe endpoints, its peer selector selects its
 * own pods, its RBAC is exactly what the code informs, and every setting it renders is one tcpmap
 * reads and accepts.
 */
class HelmChartTest {
  /**
   * The API's settings being added on another branch (api-security): rendered only when their
   * values are set, so the default chart never names them; the variant that sets them is checked
   * for their exact names instead of by loading them.
   */
  private static final Set<String> API_SECURITY_ENV =
      Set.of(
          "TCPMAP_API_TOKEN_FILE",
          "TCPMAP_API_TLS_CERT_FILE",
          "TCPMAP_API_TLS_KEY_FILE",
          "TCPMAP_API_TLS_CA_FILE",
          "TCPMAP_API_CORS_ORIGINS",
          "TCPMAP_API_ALLOWED_HOSTS");

  /** Environment the pod itself sets that is not a tcpmap setting. */
  private static final Set<String> NOT_SETTINGS = Set.of("NODE_NAME");

  @TempDir Path work;

  static Stream<Arguments> variants() {
    return Stream.of(
        Arguments.of("default", ""),
        Arguments.of(
            "serviceMonitor and NetworkPolicy",
            """
            serviceMonitor: {enabled: true, labels: {release: prometheus}}
            networkPolicy: {enabled: true, nodeCidrs: [10.0.0.0/16]}
            """),
        Arguments.of("PVC instead of hostPath", "persistence: {type: persistentVolumeClaim}"),
        Arguments.of("custom tracefs path", "tracefs: {path: /sys/kernel/debug/tracing}"),
        Arguments.of(
            "targeted pods",
            "target: {namespaces: [shop, data], podSelector: \"app in (web,api)\"}"),
        Arguments.of("k8spacket values", K8SPACKET_VALUES),
        Arguments.of(
            "settings map and named values",
            """
            settings: {tracer.max-sockets: 262144, store.bucket-width: 20s}
            tracer: {maxSockets: 4096, iterateEvery: 2s}
            log: {level: debug}
            capture: {enabled: false}
            kubernetes: {enabled: false}
            persistence: {type: none}
            """),
        Arguments.of(
            "all network namespaces, old kernel",
            "socketIterator: {allNetworkNamespaces: true}\ncapabilities: {SYS_RESOURCE: true}"),
        Arguments.of(
            "token and TLS",
            """
            api:
              token: {value: s3cret}
              tls: {existingSecret: tcpmap-tls, requireClientCertificates: true}
              corsOrigins: https://grafana.example
              allowedHosts: tcpmap.example
            serviceMonitor: {enabled: true}
            """));
  }

  /** The values k8spacket's chart users have, for what tcpmap reads the same way. */
  private static final String K8SPACKET_VALUES =
      """
      k8sPacket:
        plugins: [nodegraph.so, tls-parser.so]
        reverseLookup:
          whoisRegexp: "(?:OrgName:|org-name:)\\\\s*(.*)"
        tcp:
          connection: {persistentDuration: 20s}
          listener:
            port: 6677
            interfaces: {command: "ip address | grep @", refreshPeriod: 15s}
          metrics: {enabled: true, hideSourcePort: true}
        tls:
          certificate: {cache: {ttl: 12h}}
          metrics: {enabled: true}
        volumes: {tracingPath: /sys/kernel/debug/tracing}
      """;

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void lintsStrictly(String name, String values) throws IOException {
    LintResult lint = Chart.lint(values, work);
    assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void everyObjectIsKubernetes_agentLeastPrivileged_probesReal_peersOwnPods(
      String name, String values) throws IOException {
    List<HasMetadata> objects = Chart.render(values, work);
    assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getName()).isNotBlank());
    DaemonSet ds = only(objects, DaemonSet.class);
    PodSpec pod = ds.getSpec().getTemplate().getSpec();
    Container agent = pod.getContainers().getFirst();
    Map<String, String> env = env(agent);

    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(pod.getContainers()).hasSize(1);
    assertThat(agent.getSecurityContext().getPrivileged()).isFalse();
    assertThat(agent.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(agent.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(agent.getSecurityContext().getCapabilities().getAdd())
        .isSubsetOf(documentedCapabilities())
        .contains("BPF", "PERFMON", "DAC_READ_SEARCH");
    boolean allNamespaces = values.contains("allNetworkNamespaces: true");
    assertThat(Boolean.TRUE.equals(pod.getHostPID())).isEqualTo(allNamespaces);
    assertThat(agent.getSecurityContext().getCapabilities().getAdd().contains("SYS_ADMIN"))
        .isEqualTo(allNamespaces);
    assertThat(agent.getSecurityContext().getCapabilities().getAdd().contains("NET_RAW"))
        .isEqualTo(!values.contains("capture: {enabled: false}"));

    // Probes: the API's own probe endpoints, on the port the API is told to listen on.
    int port = agent.getPorts().getFirst().getContainerPort();
    assertThat(agent.getPorts().getFirst().getName()).isEqualTo("http");
    assertThat(env).containsEntry("TCPMAP_API_PORT", String.valueOf(port));
    assertThat(env).containsEntry("TCPMAP_API_BIND", "0.0.0.0");
    assertProbe(agent.getLivenessProbe(), "/healthz");
    assertProbe(agent.getReadinessProbe(), "/readyz");

    // The peer selector selects exactly this release's agent pods; the Service does too.
    Map<String, String> podLabels = ds.getSpec().getTemplate().getMetadata().getLabels();
    Map<String, String> selector = selector(env.get("TCPMAP_CLUSTER_PEER_LABEL_SELECTOR"));
    assertThat(podLabels).containsAllEntriesOf(selector);
    assertThat(selector).containsKey("app.kubernetes.io/instance");
    assertThat(env).containsEntry("TCPMAP_CLUSTER_PEER_NAMESPACE", Chart.NAMESPACE);
    assertThat(ds.getSpec().getSelector().getMatchLabels()).isEqualTo(selector);
    Service service = only(objects, Service.class);
    assertThat(service.getSpec().getSelector()).isEqualTo(selector);
    assertThat(service.getSpec().getPorts().getFirst().getPort()).isEqualTo(8080);
    assertThat(service.getSpec().getPorts().getFirst().getTargetPort().getStrVal())
        .isEqualTo("http");

    // Every tcpmap variable is one tcpmap knows, and the agent accepts the values.
    Map<String, String> tcpmapEnv = new LinkedHashMap<>(env);
    tcpmapEnv.keySet().removeAll(NOT_SETTINGS);
    Set<String> known = knownVariables();
    Set<String> pending = new TreeSet<>(tcpmapEnv.keySet());
    pending.removeIf(n -> !n.startsWith("TCPMAP_") || known.contains(n));
    assertThat(pending).isSubsetOf(API_SECURITY_ENV);
    if (pending.isEmpty()) {
      Configuration.load(ConfigTable.AREAS, Map.of(), tcpmapEnv);
    }

    // The history volume and tracefs.
    Volume tracefs = volume(pod, "tracefs");
    assertThat(tracefs.getHostPath().getPath())
        .isEqualTo(
            values.contains("/sys/kernel/debug/tracing")
                ? "/sys/kernel/debug/tracing"
                : "/sys/kernel/tracing");
    assertThat(agent.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/sys/kernel/tracing"))
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));

    // The node's cgroup tree, read-only, where tracer.cgroup-root says: containers are named.
    assertThat(volume(pod, "cgroup").getHostPath().getPath()).isEqualTo("/sys/fs/cgroup");
    assertThat(agent.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo("cgroup");
              assertThat(m.getMountPath()).isEqualTo(env.get("TCPMAP_TRACER_CGROUP_ROOT"));
              assertThat(m.getReadOnly()).isTrue();
            });
  }

  @Test
  void defaults_hostPathHistory_readOnlyRoot_dashboardsAndDatasourcesForTheSidecar()
      throws IOException {
    List<HasMetadata> objects = Chart.render("", work);
    PodSpec pod = only(objects, DaemonSet.class).getSpec().getTemplate().getSpec();
    assertThat(volume(pod, "data").getHostPath().getPath()).isEqualTo("/var/lib/tcpmap");
    assertThat(env(pod.getContainers().getFirst()))
        .containsEntry("TCPMAP_STORE_DATA_DIR", "/var/lib/tcpmap")
        .containsEntry("TCPMAP_LOG_FORMAT", "json");
    assertThat(objects).noneMatch(o -> o.getKind().equals("ServiceMonitor"));
    assertThat(objects).noneMatch(NetworkPolicy.class::isInstance);

    // One ConfigMap per dashboards/*.json, carrying the file as it is.
    List<Path> files;
    try (Stream<Path> list = Files.list(Chart.DIR.resolve("dashboards"))) {
      files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    List<ConfigMap> dashboards =
        objects.stream()
            .filter(ConfigMap.class::isInstance)
            .map(ConfigMap.class::cast)
            .filter(c -> "1".equals(c.getMetadata().getLabels().get("grafana_dashboard")))
            .toList();
    assertThat(dashboards).hasSameSizeAs(files);
    for (Path file : files) {
      String name = file.getFileName().toString();
      assertThat(dashboards)
          .as(name)
          .anySatisfy(c -> assertThat(c.getData()).containsEntry(name, Files.readString(file)));
    }
    ConfigMap datasources =
        objects.stream()
            .filter(ConfigMap.class::isInstance)
            .map(ConfigMap.class::cast)
            .filter(c -> "1".equals(c.getMetadata().getLabels().get("grafana_datasource")))
            .findFirst()
            .orElseThrow();
    JsonNode provisioned =
        Chart.YAML.readTree(datasources.getData().get("tcpmap-datasources.yaml"));
    Map<String, String> urls = new LinkedHashMap<>();
    provisioned
        .get("datasources")
        .forEach(d -> urls.put(d.get("uid").asText(), d.get("url").asText()));
    String service = "http://tm-tcpmap." + Chart.NAMESPACE + ".svc:8080";
    assertThat(urls)
        .containsEntry("tcpmap-nodegraph", service + "/nodegraph")
        .containsEntry("tcpmap-json", service);
  }

  @Test
  void rbac_isExactlyWhatTheCodeInforms_readOnly() throws IOException {
    List<HasMetadata> objects = Chart.render("", work);
    ClusterRole role = only(objects, ClusterRole.class);
    Set<Resource> granted = new HashSet<>();
    for (PolicyRule rule : role.getRules()) {
      assertThat(rule.getVerbs()).containsExactlyInAnyOrderElementsOf(InformedResources.VERBS);
      assertThat(rule.getResourceNames()).isNullOrEmpty();
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          assertThat(granted.add(new Resource(group, resource))).as(resource).isTrue();
        }
      }
    }
    assertThat(granted).containsExactlyInAnyOrderElementsOf(InformedResources.ALL);
    ClusterRoleBinding binding = only(objects, ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    String account =
        only(objects, DaemonSet.class).getSpec().getTemplate().getSpec().getServiceAccountName();
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getName()).isEqualTo(account);
              assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
            });
  }

  @Test
  void k8spacketValues_meanTheSameInTcpmap() throws IOException {
    Container agent =
        only(Chart.render(K8SPACKET_VALUES, work), DaemonSet.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .getFirst();
    Map<String, String> env = env(agent);
    Configuration config = Configuration.load(ConfigTable.AREAS, Map.of(), env);
    assertThat(agent.getPorts().getFirst().getContainerPort()).isEqualTo(6677);
    assertThat(config.get(dev.tcpmap.api.ApiSettings.AREA).port()).isEqualTo(6677);
    assertThat(config.get(dev.tcpmap.aggregate.AggregateSettings.AREA).persistent())
        .isEqualTo(Duration.ofSeconds(20));
    assertThat(config.get(dev.tcpmap.packet.CaptureSettings.AREA).orElseThrow().rescanPeriod())
        .isEqualTo(Duration.ofSeconds(15));
    assertThat(env)
        .containsEntry("K8S_PACKET_TLS_CERTIFICATE_CACHE_TTL", "12h")
        .containsEntry("K8S_PACKET_TCP_METRICS_ENABLED", "true")
        .containsEntry("K8S_PACKET_TCP_METRICS_HIDE_SRC_PORT", "true")
        .containsEntry("K8S_PACKET_TLS_METRICS_ENABLED", "true")
        .containsEntry("K8S_PACKET_REVERSE_WHOIS_REGEXP", "(?:OrgName:|org-name:)\\s*(.*)");
  }

  @Test
  void tokenAndTls_areMountedAndNamedByTheApiSecuritySettings() throws IOException {
    List<HasMetadata> objects =
        Chart.render(
            """
            api:
              token: {value: s3cret}
              tls: {existingSecret: tcpmap-tls, requireClientCertificates: true}
            """,
            work);
    Container agent =
        only(objects, DaemonSet.class).getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(env(agent))
        .containsEntry("TCPMAP_API_TOKEN_FILE", "/etc/tcpmap/token/token")
        .containsEntry("TCPMAP_API_TLS_CERT_FILE", "/etc/tcpmap/tls/tls.crt")
        .containsEntry("TCPMAP_API_TLS_KEY_FILE", "/etc/tcpmap/tls/tls.key")
        .containsEntry("TCPMAP_API_TLS_CA_FILE", "/etc/tcpmap/tls/ca.crt");
    assertThat(agent.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
    assertThat(objects)
        .anySatisfy(
            o -> {
              assertThat(o.getKind()).isEqualTo("Secret");
              assertThat(o.getMetadata().getName()).isEqualTo("tm-tcpmap-token");
            });
  }

  @Test
  void query_offByDefault_aDeploymentOfItsOwnWhenEnabled_leastPrivileged() throws IOException {
    assertThat(Chart.render("", work)).noneMatch(o -> o instanceof Deployment);
    String values =
        """
        query: {enabled: true, prometheusUrl: "http://prometheus-operated.monitoring:9090"}
        """;
    assertThat(Chart.lint(values, work).isFailed()).isFalse();
    List<HasMetadata> objects = Chart.render(values, work);
    Deployment deployment = only(objects, Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container query = pod.getContainers().getFirst();
    Map<String, String> env = env(query);

    assertThat(query.getArgs()).containsExactly("query");
    assertThat(query.getSecurityContext().getPrivileged()).isFalse();
    assertThat(query.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(query.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(query.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertProbe(query.getLivenessProbe(), "/healthz");
    assertProbe(query.getReadinessProbe(), "/readyz");
    assertThat(env)
        .containsEntry("TCPMAP_QUERY_PROMETHEUS_URL", "http://prometheus-operated.monitoring:9090")
        .containsEntry("TCPMAP_API_BIND", "0.0.0.0")
        .containsEntry(
            "TCPMAP_API_PORT", String.valueOf(query.getPorts().getFirst().getContainerPort()));
    Map<String, String> tcpmapEnv = new LinkedHashMap<>(env);
    assertThat(knownVariables()).containsAll(tcpmapEnv.keySet());
    Configuration.load(ConfigTable.AREAS, Map.of(), tcpmapEnv);

    // Neither the agents' peer selector nor their Service takes the query pods for agents.
    Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    DaemonSet ds = only(objects, DaemonSet.class);
    Map<String, String> peers =
        selector(
            env(ds.getSpec().getTemplate().getSpec().getContainers().getFirst())
                .get("TCPMAP_CLUSTER_PEER_LABEL_SELECTOR"));
    assertThat(labels.entrySet())
        .doesNotContainAnyElementsOf(
            Map.of("app.kubernetes.io/name", peers.get("app.kubernetes.io/name")).entrySet());
    List<Service> services =
        objects.stream().filter(Service.class::isInstance).map(Service.class::cast).toList();
    assertThat(services).hasSize(2);
    assertThat(services)
        .filteredOn(svc -> svc.getMetadata().getName().endsWith("-query"))
        .singleElement()
        .satisfies(svc -> assertThat(labels).containsAllEntriesOf(svc.getSpec().getSelector()));
  }

  @Test
  void query_credentials_mountedAndNamedByTheQuerySettings() throws IOException {
    List<HasMetadata> objects =
        Chart.render(
            """
            query:
              enabled: true
              prometheusUrl: https://mimir.example/prometheus
              basicAuth: {username: tcpmap, secretName: mimir-auth}
              caCert: {secretName: mimir-ca}
            """,
            work);
    Container query =
        only(objects, Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .getFirst();
    assertThat(env(query))
        .containsEntry("TCPMAP_QUERY_PROMETHEUS_USERNAME", "tcpmap")
        .containsEntry(
            "TCPMAP_QUERY_PROMETHEUS_PASSWORD_FILE", "/etc/tcpmap/prometheus/password/password")
        .containsEntry("TCPMAP_QUERY_PROMETHEUS_CA_FILE", "/etc/tcpmap/prometheus/ca/ca.crt")
        .doesNotContainKey("TCPMAP_QUERY_PROMETHEUS_BEARER_TOKEN_FILE");
    assertThat(query.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .contains("/etc/tcpmap/prometheus/password", "/etc/tcpmap/prometheus/ca");
  }

  @Test
  void query_enabledWithoutUrl_refusedByTheChart() throws IOException {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Chart.render("query: {enabled: true}", work))
        .hasMessageContaining("query.enabled needs query.prometheusUrl");
  }

  private static void assertProbe(Probe probe, String path) {
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(LiveAgent.get(path).statusCode())
        .as("GET %s from a running API", path)
        .isEqualTo(200);
  }

  /** The capabilities values.yaml names and justifies: its capabilities map and socketIterator. */
  private static Set<String> documentedCapabilities() throws IOException {
    Set<String> documented = new TreeSet<>();
    Chart.defaults().get("capabilities").fieldNames().forEachRemaining(documented::add);
    String text = Files.readString(Chart.DIR.resolve("values.yaml"));
    for (String extra : List.of("SYS_ADMIN", "SYS_PTRACE")) {
      assertThat(text).contains("CAP_" + extra);
      documented.add(extra);
    }
    return documented;
  }

  private static Set<String> knownVariables() {
    Set<String> names = new HashSet<>();
    ConfigTable.AREAS.forEach(
        area -> area.settings().stream().map(Setting::environmentName).forEach(names::add));
    names.add("TCPMAP_HEAP");
    return names;
  }

  private static Map<String, String> selector(String text) {
    assertThat(text).isNotBlank();
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String[] kv = part.split("=", 2);
      out.put(kv[0], kv[1]);
    }
    return out;
  }

  private static Map<String, String> env(Container container) {
    Map<String, String> out = new LinkedHashMap<>();
    for (EnvVar var : container.getEnv()) {
      assertThat(out).as("set twice: " + var.getName()).doesNotContainKey(var.getName());
      if (var.getValue() != null) {
        out.put(var.getName(), var.getValue());
      }
    }
    return out;
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> found = new ArrayList<>();
    objects.stream().filter(type::isInstance).map(type::cast).forEach(found::add);
    assertThat(found).as(type.getSimpleName() + " in " + kinds(objects)).hasSize(1);
    return found.getFirst();
  }

  private static String kinds(List<HasMetadata> objects) {
    return objects.stream().map(HasMetadata::getKind).collect(Collectors.joining(","));
  }
}
