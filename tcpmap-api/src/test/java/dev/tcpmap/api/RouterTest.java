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

  @Test
  void find_prefix_takesEveryPathBelowIt() {
    Router withUi =
        new Router()
            .get("/nodegraph/api/health", health)
            .prefix("/ui/", (rest, params) -> Answer.json(TextNode.valueOf("ui:" + rest)))
            .prefix("/ui/assets/", (rest, params) -> Answer.json(TextNode.valueOf("a:" + rest)));

    assertThat(text(withUi.find("GET", "/ui/"))).isEqualTo("ui:");
    assertThat(text(withUi.find("GET", "/ui/index.html"))).isEqualTo("ui:index.html");
    assertThat(text(withUi.find("GET", "/ui/assets/v1/app.js"))).isEqualTo("a:v1/app.js");
    assertThat(text(withUi.find("HEAD", "/ui/assetsx/y"))).isEqualTo("ui:assetsx/y");
    assertThat(withUi.knows("/ui/a/b/c")).isTrue();
    assertThat(withUi.knows("/ui")).isFalse();
    assertThat(withUi.knows("/uix/")).isFalse();
    assertThatThrownBy(() -> withUi.find("POST", "/ui/index.html"))
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(405);
  }

  @Test
  void find_exactAndIdRoutes_winOverAPrefix() {
    Router mixed =
        new Router()
            .get("/a/b", health)
            .get("/a/c/{id}", (id, params) -> Answer.json(TextNode.valueOf("id:" + id)))
            .prefix("/a/", (rest, params) -> Answer.json(TextNode.valueOf("prefix:" + rest)));

    assertThat(mixed.find("GET", "/a/b")).isSameAs(health);
    assertThat(text(mixed.find("GET", "/a/c/7"))).isEqualTo("id:7");
    assertThat(text(mixed.find("GET", "/a/c/"))).isEqualTo("prefix:c/");
    assertThat(text(mixed.find("GET", "/a/b/"))).isEqualTo("prefix:b/");
  }

  @Test
  void prefix_notEndingInSlashOrTwice_throws() {
    assertThatThrownBy(() -> new Router().prefix("/ui", (rest, params) -> Answer.EMPTY))
        .hasMessage("prefix must start and end with /: /ui");
    assertThatThrownBy(
            () ->
                new Router()
                    .prefix("/ui/", (rest, params) -> Answer.EMPTY)
                    .prefix("/ui/", (rest, params) -> Answer.EMPTY))
        .hasMessage("route registered twice: /ui/");
  }

  private static String text(Route route) {
    return ((Answer.JsonAnswer) route.handle(QueryParams.parse(""))).body().asText();
  }
}
