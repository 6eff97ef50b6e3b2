package dev.tcpmap.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaTypesTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "index.html|text/html; charset=utf-8|true",
        "assets/app.js|text/javascript; charset=utf-8|true",
        "assets/lib/x.MJS|text/javascript; charset=utf-8|true",
        "assets/style.css|text/css; charset=utf-8|true",
        "assets/icon.svg|image/svg+xml|true",
        "assets/data.json|application/json|true",
        "assets/logo.png|image/png|false",
        "assets/font.woff2|font/woff2|false",
        "assets/README|application/octet-stream|true",
        "assets.d/file|application/octet-stream|true"
      })
  void of_byExtension(String name, String contentType, boolean compressible) {
    assertThat(MediaTypes.of(name)).isEqualTo(contentType);
    assertThat(MediaTypes.compressible(name)).isEqualTo(compressible);
  }
}
