package dev.tcpmap.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonErrorsTest {
  @Test
  void body_escapesTheMessage() {
    assertThat(new String(JsonErrors.body("a \"b\"\n\\ é"), StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":\"a \\\"b\\\"\\n\\\\ é\"}");
  }

  @Test
  void message_keepsJettysPlainReason() {
    assertThat(JsonErrors.message(400, "Ambiguous URI empty segment"))
        .isEqualTo("bad request: Ambiguous URI empty segment");
    assertThat(JsonErrors.message(505, "Unknown Version"))
        .isEqualTo("HTTP version not supported; use HTTP/1.1: Unknown Version");
  }

  @Test
  void message_dropsTheStatusPhraseAndAnythingUnplain() {
    assertThat(JsonErrors.message(400, "Bad Request")).isEqualTo("bad request");
    assertThat(JsonErrors.message(431, null)).isEqualTo("request header fields too large");
    assertThat(JsonErrors.message(400, "java.lang.NumberFormatException: For input string"))
        .isEqualTo("bad request");
    assertThat(JsonErrors.message(400, "line\nbreak")).isEqualTo("bad request");
    assertThat(JsonErrors.message(400, "x".repeat(201))).isEqualTo("bad request");
  }

  @Test
  void message_internalError_saysNothingMore() {
    assertThat(JsonErrors.message(500, "Response header too large")).isEqualTo("internal error");
  }
}
