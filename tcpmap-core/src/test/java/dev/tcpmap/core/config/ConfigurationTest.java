package dev.tcpmap.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The loading of a configuration: precedence, aliases, unknown keys, checks across keys. */
class ConfigurationTest {
  static final Setting<Integer> PORT =
      Setting.of("api.port", "6676", Parsers::port)
          .alias("K8S_PACKET_TCP_LISTENER_PORT")
          .option("--port", "PORT", "port of the HTTP API");
  static final Setting<Duration> IDLE =
      Setting.of("tcp.idle-timeout", "5m", Parsers::positiveDuration);
  static final Setting<Boolean> DISABLED =
      Setting.of("kubernetes.disabled", "false", Parsers::bool)
          .alias("K8S_PACKET_K8S_RESOURCES_DISABLED");
  static final Setting<Integer> LOW = Setting.of("test.low", "1", Parsers::integer);
  static final Setting<Integer> HIGH = Setting.of("test.high", "2", Parsers::integer);

  record Values3(int port, Duration idle, boolean disabled) {}

  /** A test area of three keys. */
  static final ConfigArea<Values3> AREA =
      new ConfigArea<>() {
        @Override
        public List<Setting<?>> settings() {
          return List.of(PORT, IDLE, DISABLED);
        }

        @Override
        public Values3 read(Values values) {
          return new Values3(values.get(PORT), values.get(IDLE), values.get(DISABLED));
        }
      };

  /** An area whose two keys must be in order: a rule across keys, checked by the area. */
  static final ConfigArea<Integer> RANGE =
      new ConfigArea<>() {
        @Override
        public List<Setting<?>> settings() {
          return List.of(LOW, HIGH);
        }

        @Override
        public Integer read(Values values) {
          if (values.get(LOW) > values.get(HIGH)) {
            throw new ConfigException("test.low, test.high: low above high");
          }
          return values.get(HIGH) - values.get(LOW);
        }
      };

  private static Configuration load(Map<String, String> options, Map<String, String> env) {
    return Configuration.load(List.of(AREA, RANGE), options, env);
  }

  @Test
  void load_nothingSet_givesDefaults() {
    assertThat(load(Map.of(), Map.of()).get(AREA))
        .isEqualTo(new Values3(6676, Duration.ofMinutes(5), false));
    assertThat(Configuration.defaults(RANGE)).isEqualTo(1);
  }

  /** What each key was given as, seen by an area that reads whether it was given. */
  private static List<Boolean> given(Map<String, String> options, Map<String, String> env) {
    ConfigArea<List<Boolean>> givens =
        new ConfigArea<>() {
          @Override
          public List<Setting<?>> settings() {
            return List.of(PORT, IDLE, DISABLED);
          }

          @Override
          public List<Boolean> read(Values values) {
            return List.of(values.given(PORT), values.given(IDLE), values.given(DISABLED));
          }
        };
    return Configuration.load(List.of(givens), options, env).get(givens);
  }

  @Test
  void given_isTrueForAnOptionAVariableOrAnAlias_falseForTheDefault() {
    assertThat(given(Map.of(), Map.of())).containsExactly(false, false, false);
    assertThat(
            given(
                Map.of("api.port", "1"),
                Map.of("TCPMAP_TCP_IDLE_TIMEOUT", "5m", "K8S_PACKET_K8S_RESOURCES_DISABLED", "0")))
        .as("given even when equal to the default")
        .containsExactly(true, true, true);
  }

  @Test
  void load_k8spacketAlias_isUsedAndReported() {
    Configuration loaded = load(Map.of(), Map.of("K8S_PACKET_TCP_LISTENER_PORT", "8080"));

    assertThat(loaded.get(AREA).port()).isEqualTo(8080);
    assertThat(loaded.aliasesUsed()).containsExactly("K8S_PACKET_TCP_LISTENER_PORT -> api.port");
  }

  @Test
  void load_precedence_optionOverOwnVariableOverAlias() {
    Map<String, String> env =
        Map.of("TCPMAP_API_PORT", "7000", "K8S_PACKET_TCP_LISTENER_PORT", "8080");

    assertThat(load(Map.of(), env).get(AREA).port()).isEqualTo(7000);
    assertThat(load(Map.of("api.port", "9000"), env).get(AREA).port()).isEqualTo(9000);
  }

  @Test
  void load_unknownVariableOrKey_isRejectedWithItsName() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("TCPMAP_API_PROT", "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("TCPMAP_API_PROT: unknown configuration variable")
        .hasMessageContaining("did you mean TCPMAP_API_PORT?");
    assertThatThrownBy(() -> load(Map.of(), Map.of("TCPMAP_SOMETHING_ELSE_ENTIRELY", "1")))
        .hasMessageNotContaining("did you mean");
    assertThatThrownBy(() -> load(Map.of("api.prot", "1"), Map.of()))
        .hasMessageStartingWith("api.prot: unknown configuration key");
  }

  @Test
  void load_launcherVariables_areNotRejected() {
    assertThat(load(Map.of(), Map.of("TCPMAP_HEAP", "2g")).get(AREA).port()).isEqualTo(6676);
  }

  @Test
  void load_invalidValue_namesKeyAndOrigin() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("K8S_PACKET_TCP_LISTENER_PORT", "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("api.port (from K8S_PACKET_TCP_LISTENER_PORT): port out of range: 70000");
    assertThatThrownBy(() -> load(Map.of("tcp.idle-timeout", "0s"), Map.of()))
        .hasMessage("tcp.idle-timeout (from option for tcp.idle-timeout): must be positive: 0s");
  }

  @Test
  void load_keysThatDoNotFitTogether_areRejectedByTheirArea() {
    assertThatThrownBy(() -> load(Map.of("test.low", "5"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.low, test.high: low above high");
  }

  @Test
  void load_aKeyDeclaredByTwoAreas_isABug() {
    assertThatThrownBy(() -> Configuration.load(List.of(AREA, AREA), Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key declared twice: api.port");
  }

  @Test
  void environmentName_isUpperSnakeCase() {
    assertThat(IDLE.environmentName()).isEqualTo("TCPMAP_TCP_IDLE_TIMEOUT");
  }

  @Test
  void k8spacketSwitch_readsGoBooleans() {
    for (String yes : new String[] {"true", "1", "T", "TRUE"}) {
      assertThat(
              load(Map.of(), Map.of("K8S_PACKET_K8S_RESOURCES_DISABLED", yes)).get(AREA).disabled())
          .as(yes)
          .isTrue();
    }
    assertThatThrownBy(() -> load(Map.of(), Map.of("K8S_PACKET_K8S_RESOURCES_DISABLED", "yes")))
        .hasMessage(
            "kubernetes.disabled (from K8S_PACKET_K8S_RESOURCES_DISABLED): not a boolean (true or"
                + " false): 'yes'");
  }

  @Test
  void numbers_inOtherScripts_areNotNumbers() {
    // Go's strconv reads ASCII digits only; Java's parseInt would read Arabic-Indic ones.
    assertThatThrownBy(() -> load(Map.of("api.port", "\u0661\u0662"), Map.of()))
        .hasMessage("api.port (from option --port): not a whole number: '\u0661\u0662'");
    assertThatThrownBy(() -> load(Map.of("tcp.idle-timeout", "\uFF19s"), Map.of()))
        .hasMessageContaining("not a duration");
    assertThat(Parsers.integer("1_000")).isEqualTo(1000);
    assertThat(Parsers.integer("-5")).isEqualTo(-5);
  }

  @Test
  void powerOfTwoBytes_takesSuffixes_andNamesTheRange() {
    assertThat(Parsers.powerOfTwoBytes("512Ki", 128 << 10, 1 << 30)).isEqualTo(512 << 10);
    assertThatThrownBy(() -> Parsers.powerOfTwoBytes("3Mi", 128 << 10, 1 << 30))
        .hasMessage("must be a power of two from 128Ki to 1024Mi: 3Mi");
  }
}
