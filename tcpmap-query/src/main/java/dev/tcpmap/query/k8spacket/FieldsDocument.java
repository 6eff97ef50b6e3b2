package dev.tcpmap.query.k8spacket;

import dev.tcpmap.query.StatsType;
import java.util.List;
import java.util.Objects;

/**
 * The Node Graph API datasource's field list ({@code /nodegraph/api/graph/fields}): which columns
 * the graph data has, their types, and for the stats columns the legend text and arc colours.
 * Content as k8spacket's {@code fields.json} with its placeholders filled from the stats type (the
 * stat display names end with a space there, and so here).
 */
public record FieldsDocument(List<Field> edges, List<Field> nodes) {

  /**
   * One column.
   *
   * @param type {@code "string"} or {@code "number"}
   * @param displayName legend text, or null for none
   * @param color arc colour name, or null for none
   */
  public record Field(String name, String type, String displayName, String color) {
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }

    static Field string(String name) {
      return new Field(name, "string", null, null);
    }
  }

  public FieldsDocument {
    edges = List.copyOf(edges);
    nodes = List.copyOf(nodes);
  }

  public static FieldsDocument of(StatsType type) {
    Legend legend = Legend.of(type);
    return new FieldsDocument(
        List.of(
            Field.string("id"),
            Field.string("source"),
            Field.string("target"),
            Field.string("mainStat"),
            Field.string("secondaryStat")),
        List.of(
            Field.string("id"),
            Field.string("title"),
            Field.string("subTitle"),
            new Field("mainStat", "string", legend.mainStat(), null),
            new Field("secondaryStat", "string", legend.secondaryStat(), null),
            new Field("arc__1", "number", legend.arc1(), legend.arc1Color()),
            new Field("arc__2", "number", legend.arc2(), legend.arc2Color())));
  }

  /** The texts and colours per stats type, as k8spacket's stats implementations configure them. */
  private record Legend(
      String mainStat,
      String secondaryStat,
      String arc1,
      String arc1Color,
      String arc2,
      String arc2Color) {

    static Legend of(StatsType type) {
      return switch (type) {
        case CONNECTION ->
            new Legend(
                "All connections ",
                "Persistent connections ",
                "Persistent connections",
                "green",
                "Short-lived connections",
                "red");
        case BYTES ->
            new Legend(
                "Bytes received ",
                "Bytes responded ",
                "Bytes received",
                "blue",
                "Bytes responded",
                "yellow");
        case DURATION ->
            new Legend(
                "Average duration ",
                "Max duration ",
                "Average duration",
                "purple",
                "Max duration",
                "white");
      };
    }
  }
}
