package dev.tcpmap.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AssetTest {
  private final Asset asset =
      new Asset("index.html", "text/html", new byte[0], new byte[0], "abc", "no-cache");

  @Test
  void etag_isStrongAndDiffersByEncoding() {
    assertThat(asset.etag(false)).isEqualTo("\"abc\"");
    assertThat(asset.etag(true)).isEqualTo("\"abc-gzip\"");
  }

  @Test
  void notModified_comparesWeaklyOverLists() {
    assertThat(asset.notModified(List.of("\"abc\""))).isTrue();
    assertThat(asset.notModified(List.of("W/\"abc-gzip\""))).isTrue();
    assertThat(asset.notModified(List.of("\"x\", \"abc\""))).isTrue();
    assertThat(asset.notModified(List.of("\"x\"", "\"abc\""))).isTrue();
    assertThat(asset.notModified(List.of("*"))).isTrue();
    assertThat(asset.notModified(List.of("abc"))).isFalse();
    assertThat(asset.notModified(List.of("\"abcd\""))).isFalse();
    assertThat(asset.notModified(List.of())).isFalse();
  }
}
