package dev.tcpmap.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An area made of the keys it declares: {@link ConfigArea.Keys}. */
class ConfigAreaTest {

  @Test
  void keys_area_listsTheKeysInDeclarationOrder_andReadsThem() {
    ConfigArea.Keys keys = new ConfigArea.Keys();
    Setting<Integer> b = Setting.of("test.b", "2", Parsers::integer).in(keys);
    Setting<Integer> a = Setting.of("test.a", "1", Parsers::integer).in(keys);
    ConfigArea<Integer> area = keys.area(values -> values.get(b) * 10 + values.get(a));

    assertThat(area.settings()).containsExactly(b, a);
    assertThat(Configuration.defaults(area)).isEqualTo(21);
    assertThat(Configuration.load(List.of(area), Map.of("test.a", "5"), Map.of()).get(area))
        .isEqualTo(25);
  }

  @Test
  void keys_addedAfterTheArea_failAndNameTheKey() {
    ConfigArea.Keys keys = new ConfigArea.Keys();
    Setting<Integer> first = Setting.of("test.first", "1", Parsers::integer).in(keys);
    ConfigArea<Integer> area = keys.area(values -> values.get(first));

    assertThatThrownBy(() -> Setting.of("test.late", "2", Parsers::integer).in(keys))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("declared after its area: test.late");
    assertThat(area.settings()).containsExactly(first);
  }
}
