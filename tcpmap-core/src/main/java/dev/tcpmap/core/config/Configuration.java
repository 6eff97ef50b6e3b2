package dev.tcpmap.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration of one run: every key of every area resolved, parsed and checked, and each
 * area's configuration made of them (docs/configuration.md is the table of the areas' keys).
 *
 * <p>A value comes from, in order of precedence: a command-line option, the environment variable
 * {@code TCPMAP_<KEY>}, the k8spacket environment variable that means the same thing, the default.
 * Unknown keys and {@code TCPMAP_*} variables, invalid values, and keys that do not fit together
 * are rejected at start-up with the key in the message.
 */
public final class Configuration {
  /** Variables read by the ./tcpmap launcher script, not by the program. */
  private static final Set<String> LAUNCHER_ENV =
      Set.of("TCPMAP_HEAP", "TCPMAP_JAVA_OPTS", "TCPMAP_JAVA_HOME");

  private final Map<ConfigArea<?>, Object> areas;
  private final List<String> aliasesUsed;

  private Configuration(Map<ConfigArea<?>, Object> areas, List<String> aliasesUsed) {
    this.areas = areas;
    this.aliasesUsed = List.copyOf(aliasesUsed);
  }

  /**
   * Resolves every key of {@code areas} and makes each area's configuration.
   *
   * @param options values given on the command line, by key
   * @param environment the process environment
   * @throws ConfigException for an unknown key or an invalid value, naming it
   */
  public static Configuration load(
      List<? extends ConfigArea<?>> areas,
      Map<String, String> options,
      Map<String, String> environment) {
    List<Setting<?>> settings = new ArrayList<>();
    areas.forEach(area -> settings.addAll(area.settings()));
    rejectUnknown(settings, options, environment);
    Map<Setting<?>, Object> values = new HashMap<>();
    Set<Setting<?>> given = new HashSet<>();
    List<String> aliasesUsed = new ArrayList<>();
    for (Setting<?> setting : settings) {
      values.put(setting, resolve(setting, options, environment, aliasesUsed));
      if (given(setting, options, environment)) {
        given.add(setting);
      }
    }
    Values resolved = new Values(values, given);
    Map<ConfigArea<?>, Object> made = new LinkedHashMap<>();
    for (ConfigArea<?> area : areas) {
      made.put(area, area.read(resolved));
    }
    return new Configuration(made, aliasesUsed);
  }

  /** The configuration of {@code area}; every area's defaults for one not loaded. */
  @SuppressWarnings("unchecked") // each area's value was made by that area
  public <T> T get(ConfigArea<T> area) {
    Object value = areas.get(area);
    if (value == null) {
      throw new IllegalArgumentException("area not loaded: " + area);
    }
    return (T) value;
  }

  /** The k8spacket variables values were taken from, as {@code VARIABLE -> key}. */
  public List<String> aliasesUsed() {
    return aliasesUsed;
  }

  /** {@code area} at its defaults, the environment ignored (tests, benchmarks). */
  public static <T> T defaults(ConfigArea<T> area) {
    return load(List.of(area), Map.of(), Map.of()).get(area);
  }

  /**
   * Whether the user gave a value for {@code setting} (an option or a variable), not its default.
   */
  private static boolean given(
      Setting<?> setting, Map<String, String> options, Map<String, String> environment) {
    return options.containsKey(setting.key())
        || environment.containsKey(setting.environmentName())
        || setting.k8spacketAlias().map(environment::containsKey).orElse(false);
  }

  private static Object resolve(
      Setting<?> setting,
      Map<String, String> options,
      Map<String, String> environment,
      List<String> aliasesUsed) {
    if (options.containsKey(setting.key())) {
      String option =
          setting.option().map(o -> "option " + o.name()).orElse("option for " + setting.key());
      return setting.parse(options.get(setting.key()), option);
    }
    String own = environment.get(setting.environmentName());
    if (own != null) {
      return setting.parse(own, setting.environmentName());
    }
    if (setting.k8spacketAlias().isPresent()) {
      String alias = setting.k8spacketAlias().get();
      String value = environment.get(alias);
      if (value != null) {
        aliasesUsed.add(alias + " -> " + setting.key());
        return setting.parse(value, alias);
      }
    }
    return setting.parse(setting.defaultValue(), "default");
  }

  private static void rejectUnknown(
      List<Setting<?>> settings, Map<String, String> options, Map<String, String> environment) {
    Set<String> keys = new TreeSet<>();
    Set<String> envNames = new TreeSet<>();
    for (Setting<?> setting : settings) {
      if (!keys.add(setting.key())) {
        throw new IllegalArgumentException("key declared twice: " + setting.key());
      }
      envNames.add(setting.environmentName());
    }
    for (String key : options.keySet()) {
      if (!keys.contains(key)) {
        throw new ConfigException(key + ": unknown configuration key (known: " + keys + ")");
      }
    }
    for (String name : new TreeSet<>(environment.keySet())) {
      if (name.startsWith("TCPMAP_") && !envNames.contains(name) && !LAUNCHER_ENV.contains(name)) {
        throw new ConfigException(
            name
                + ": unknown configuration variable"
                + closest(name, envNames).map(c -> " (did you mean " + c + "?)").orElse("")
                + "; docs/configuration.md lists them all");
      }
    }
  }

  /** The known name fewest edits away, when it is close enough to be a typo. */
  private static Optional<String> closest(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(name, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, name.length() / 4)
        ? Optional.ofNullable(best)
        : Optional.empty();
  }

  /** Levenshtein distance, two rows. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
