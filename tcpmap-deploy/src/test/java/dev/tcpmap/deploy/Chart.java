package dev.tcpmap.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The chart in deploy/helm/tcpmap, linted and rendered by Helm itself (helm-java, offline). */
final class Chart {
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final Path DIR = REPO.resolve("deploy/helm/tcpmap");
  static final String RELEASE = "tm";
  static final String NAMESPACE = "observability";
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Chart() {}

  /** The chart's values.yaml as a tree. */
  static JsonNode defaults() {
    try {
      return YAML.readTree(DIR.resolve("values.yaml").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every object {@code helm template} renders with {@code values} (YAML) over the defaults. */
  static List<HasMetadata> render(String values, Path work) throws IOException {
    Path file = Files.createTempFile(work, "values", ".yaml");
    Files.writeString(file, values);
    String out =
        new Helm(DIR)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion("1.30.0")
            .withValuesFile(file)
            .call();
    List<HasMetadata> objects = new ArrayList<>();
    KubernetesSerialization serialization = new KubernetesSerialization();
    for (String doc : out.split("(?m)^---\\s*$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
        continue;
      }
      objects.add(serialization.unmarshal(doc, HasMetadata.class));
    }
    return objects;
  }

  /**
   * {@code helm lint --strict} of the chart with {@code values} merged into its values.yaml (lint
   * reads only the chart's own file: the chart is copied with the merged file).
   */
  static LintResult lint(String values, Path work) throws IOException {
    Path copy = Files.createTempDirectory(work, "chart").resolve("tcpmap");
    copyTree(DIR, copy);
    JsonNode merged = merge(defaults().deepCopy(), YAML.readTree(values.isBlank() ? "{}" : values));
    YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
    return new Helm(copy).lint().strict().call();
  }

  private static JsonNode merge(JsonNode base, JsonNode over) {
    if (!(base instanceof ObjectNode target) || !over.isObject()) {
      return over;
    }
    for (Map.Entry<String, JsonNode> e : over.properties()) {
      JsonNode existing = target.get(e.getKey());
      target.set(e.getKey(), existing == null ? e.getValue() : merge(existing, e.getValue()));
    }
    return target;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
