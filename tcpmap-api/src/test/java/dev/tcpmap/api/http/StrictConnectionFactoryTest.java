package dev.tcpmap.api.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eclipse.jetty.http.HttpException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The request-target checks; the connection's timeouts are in {@code HostileHttpTest}. */
class StrictConnectionFactoryTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/graph",
        "/tlsparser/connections/",
        "/api/v1/%67raph?x=%zz",
        "/a%20b/..c/c..",
        "/api/v1/graph?path=/../x",
        "/"
      })
  void checkTarget_plainPaths_pass(String target) {
    assertThatCode(() -> StrictConnectionFactory.checkTarget(target, 64))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://evil.example/api/v1/graph|400|tcpmap is not a proxy",
        "evil.example:443|400|tcpmap is not a proxy",
        "*|400|tcpmap is not a proxy",
        "/api/v1/./graph|400|dot segments in the path",
        "/api/v1/x/..|400|dot segments in the path",
        "/api/v1/%2e%2E/x|400|dot segments in the path",
        "/api/v1/.%2e|400|dot segments in the path",
        "/api/v1/%|400|bad percent escape in the path",
        "/api/v1/%4|400|bad percent escape in the path",
        "/api/v1/%zz|400|bad percent escape in the path",
        "/api/v1/%00|400|control character in the path",
        "/api/v1/%7F|400|control character in the path",
        "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|414|path longer than 64 bytes"
      })
  void checkTarget_refused(String target, int status, String reason) {
    assertThatThrownBy(() -> StrictConnectionFactory.checkTarget(target, 64))
        .isInstanceOf(HttpException.RuntimeException.class)
        .hasMessageContaining(reason)
        .extracting(e -> ((HttpException) e).getCode())
        .isEqualTo(status);
  }
}
