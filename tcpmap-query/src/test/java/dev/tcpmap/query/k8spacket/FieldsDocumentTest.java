package dev.tcpmap.query.k8spacket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.query.StatsType;
import dev.tcpmap.query.k8spacket.FieldsDocument.Field;
import org.junit.jupiter.api.Test;

class FieldsDocumentTest {
  @Test
  void of_edges_areFiveStrings() {
    assertThat(FieldsDocument.of(StatsType.BYTES).edges())
        .extracting(Field::name)
        .containsExactly("id", "source", "target", "mainStat", "secondaryStat");
    assertThat(FieldsDocument.of(StatsType.BYTES).edges())
        .allSatisfy(f -> assertThat(f.type()).isEqualTo("string"));
  }

  @Test
  void of_connection_legendAsK8spacket() {
    assertThat(FieldsDocument.of(StatsType.CONNECTION).nodes())
        .containsExactly(
            new Field("id", "string", null, null),
            new Field("title", "string", null, null),
            new Field("subTitle", "string", null, null),
            new Field("mainStat", "string", "All connections ", null),
            new Field("secondaryStat", "string", "Persistent connections ", null),
            new Field("arc__1", "number", "Persistent connections", "green"),
            new Field("arc__2", "number", "Short-lived connections", "red"));
  }

  @Test
  void of_bytesAndDuration_coloursAndTrailingSpaces() {
    assertThat(FieldsDocument.of(StatsType.BYTES).nodes().subList(3, 7))
        .extracting(Field::displayName, Field::color)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Bytes received ", null),
            org.assertj.core.groups.Tuple.tuple("Bytes responded ", null),
            org.assertj.core.groups.Tuple.tuple("Bytes received", "blue"),
            org.assertj.core.groups.Tuple.tuple("Bytes responded", "yellow"));
    assertThat(FieldsDocument.of(StatsType.DURATION).nodes().subList(3, 7))
        .extracting(Field::displayName, Field::color)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Average duration ", null),
            org.assertj.core.groups.Tuple.tuple("Max duration ", null),
            org.assertj.core.groups.Tuple.tuple("Average duration", "purple"),
            org.assertj.core.groups.Tuple.tuple("Max duration", "white"));
  }
}
