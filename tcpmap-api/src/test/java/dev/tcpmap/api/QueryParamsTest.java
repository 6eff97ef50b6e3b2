package dev.tcpmap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryParamsTest {
  @Test
  void parse_decodesLikeGo() {
    QueryParams params = QueryParams.parse("a=x%2By+z&b&c=&a=second&d=1;e=2");
    assertThat(params.get("a")).isEqualTo("x+y z");
    assertThat(params.get("b")).isEmpty();
    assertThat(params.get("c")).isEmpty();
    assertThat(params.get("d")).isEqualTo("1;e=2");
    assertThat(params.get("e")).isNull();
  }

  @Test
  void parse_nothing_isEmpty() {
    assertThat(QueryParams.parse(null).get("a")).isNull();
    assertThat(QueryParams.parse("").get("a")).isNull();
    assertThat(QueryParams.parse("&&").get("a")).isNull();
  }

  @Test
  void parse_badEscape_is400() {
    assertThatThrownBy(() -> QueryParams.parse("include=%zz"))
        .isInstanceOf(ApiException.class)
        .hasMessage("malformed query string: bad percent escape in '%zz'")
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(400);
  }

  @Test
  void parse_valueAtLimit_passes() {
    assertThat(QueryParams.parse("include=" + "a".repeat(QueryParams.MAX_VALUE)).get("include"))
        .hasSize(QueryParams.MAX_VALUE);
  }

  @Test
  void parse_longValue_is400NamingIt() {
    assertThatThrownBy(() -> QueryParams.parse("namespace=" + "%41".repeat(4097)))
        .hasMessage("namespace: longer than 4096 characters: 4097");
  }
}
