package dev.tcpmap.query.k8spacket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.query.StatsType;
import dev.tcpmap.query.k8spacket.FieldsDocument.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  @ParameterizedTest
  @CsvSource({
    "BYTES, Bytes received, Bytes responded, blue, yellow",
    "DURATION, Average duration, Max duration, purple, white"
  })
  void of_bytesAndDuration_coloursAndTrailingSpaces(
      StatsType type, String main, String secondary, String mainColour, String secondaryColour) {
    // As k8spacket writes its legend: the stats' names end in a space, the arcs' are coloured.
    assertThat(FieldsDocument.of(type).nodes().subList(3, 7))
        .extracting(Field::displayName, Field::color)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(main + " ", null),
            org.assertj.core.groups.Tuple.tuple(secondary + " ", null),
            org.assertj.core.groups.Tuple.tuple(main, mainColour),
            org.assertj.core.groups.Tuple.tuple(secondary, secondaryColour));
  }
}
