package dev.tcpmap.api.metrics.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.api.metrics.remote.WriteRequests.Series;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteRequestsTest {

  @Test
  void encode_oneSeries_protobufWireFormat() {
    byte[] bytes = WriteRequests.encode(List.of(new Series(List.of("__name__", "a"), 1.0, 1)));

    // WriteRequest.timeseries (1, len 28) { labels (1, len 13) { name (1) "__name__", value (2)
    // "a" }, samples (2, len 11) { value (1, fixed64 1.0), timestamp (2, varint 1) } }
    assertThat(HexFormat.of().formatHex(bytes))
        .isEqualTo(
            "0a1c"
                + "0a0d"
                + "0a085f5f6e616d655f5f"
                + "120161"
                + "120b"
                + "09000000000000f03f"
                + "1001");
  }

  @Test
  void encode_largeTimestamp_varintOfSevenBytes() {
    byte[] bytes =
        WriteRequests.encode(List.of(new Series(List.of("__name__", "a"), 0, 1_700_000_000_000L)));

    // 1.7e12 needs 41 bits: six bytes of seven bits each, low bits first.
    assertThat(HexFormat.of().formatHex(bytes)).endsWith("1080d095ffbc31");
  }

  @Test
  void series_oddLabels_rejected() {
    assertThatThrownBy(() -> new Series(List.of("__name__"), 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pairs");
  }
}
