package dev.tcpmap.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GzipTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "gzip|true",
        "br, gzip;q=0.8|true",
        "GZIP|true",
        "gzip ; q=0.001|true",
        "gzip;q=0|false",
        "gzip; q = 0.000|false",
        "identity|false",
        "x-gzip|false",
        "*|false"
      })
  void accepted_readsCodingsAndQualities(String acceptEncoding, boolean accepted) {
    assertThat(Gzip.accepted(List.of(acceptEncoding))).isEqualTo(accepted);
  }

  @Test
  void accepted_anyOfSeveralFields() {
    assertThat(Gzip.accepted(List.of("br", "deflate, gzip"))).isTrue();
    assertThat(Gzip.accepted(List.of())).isFalse();
  }

  @Test
  void compress_roundTrips() throws IOException {
    byte[] text = "{\"nodes\":[]}".repeat(100).getBytes(StandardCharsets.UTF_8);
    byte[] zipped = Gzip.compress(text);
    assertThat(zipped.length).isLessThan(text.length);
    assertThat(new GZIPInputStream(new ByteArrayInputStream(zipped)).readAllBytes())
        .isEqualTo(text);
  }
}
