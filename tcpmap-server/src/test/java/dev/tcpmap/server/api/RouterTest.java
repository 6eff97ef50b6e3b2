package dev.tcpmap.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
