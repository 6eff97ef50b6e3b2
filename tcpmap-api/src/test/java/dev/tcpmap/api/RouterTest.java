package dev.tcpmap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final Route health = params -> Answer.EMPTY;
  private final Router router = new Router().get("/nodegraph/api/health", health);

  @Test
  void find_getAndHead_returnRoute() {
    assertThat(router.find("GET", "/nodegraph/api/health")).isSameAs(health);
    assertThat(router.find("HEAD", "/nodegraph/api/health")).isSameAs(health);
  }

  @Test
  void find_prefixOrTrailingSlash_is404() {
    assertThatThrownBy(() -> router.find("GET", "/nodegraph/api/health/"))
        .isInstanceOf(ApiException.class)
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(404);
    assertThatThrownBy(() -> router.find("GET", "/nodegraph/api"))
        .hasMessage("no such endpoint: /nodegraph/api");
  }

  @Test
  void find_otherMethod_is405() {
    assertThatThrownBy(() -> router.find("DELETE", "/nodegraph/api/health"))
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(405);
  }

  @Test
  void notFound_longPath_isCut() {
    assertThat(Router.notFound("/" + "x".repeat(5000)).getMessage()).hasSizeLessThan(250);
  }

  @Test
  void get_twice_throws() {
    assertThatThrownBy(() -> router.get("/nodegraph/api/health", health))
        .hasMessage("route registered twice: /nodegraph/api/health");
  }

  @Test
  void find_idPattern_passesTheLastSegment() {
    Router withId =
        new Router()
            .get("/tlsparser/connections/", health)
            .get("/tlsparser/connections/{id}", (id, params) -> Answer.json(TextNode.valueOf(id)));

    assertThat(withId.find("GET", "/tlsparser/connections/")).isSameAs(health);
    Answer answer = withId.find("GET", "/tlsparser/connections/ab12").handle(QueryParams.parse(""));
    assertThat(((Answer.JsonAnswer) answer).body().asText()).isEqualTo("ab12");
    assertThat(withId.knows("/tlsparser/connections/ab12")).isTrue();
    assertThat(withId.knows("/tlsparser/connections/ab12/x")).isFalse();
    assertThat(withId.knows("/tlsparser/connections")).isFalse();
  }

  @Test
  void get_patternNotEndingInId_throws() {
    assertThatThrownBy(() -> new Router().get("/a/{id}/b", (id, params) -> Answer.EMPTY))
        .hasMessage("pattern must end in /{id}: /a/{id}/b");
  }
}
