package dev.tcpmap.query.k8spacket;

import java.util.List;
import java.util.Objects;

/**
 * The k8spacket node graph ({@code /nodegraph/api/graph/data}): what Grafana's Node Graph panel
 * draws. Nodes are IP addresses, each listed once, ordered by IP (IPv4 first); edges are ordered by
 * source, then target.
 */
public record NodeGraph(List<Node> nodes, List<Edge> edges) {

  /**
   * One address.
   *
   * @param id the IP text
   * @param title the display name ({@code pod.web-1}, {@code svc.api}, or the IP)
   * @param subTitle the IP text
   * @param arc1 the first arc's fraction of the circle, 0 to 1 (0 when unknown)
   * @param arc2 the second arc's fraction; {@code arc1 + arc2} is 1 when known
   */
  public record Node(
      String id,
      String title,
      String subTitle,
      String mainStat,
      String secondaryStat,
      double arc1,
      double arc2) {
    public Node {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(subTitle, "subTitle");
      Objects.requireNonNull(mainStat, "mainStat");
      Objects.requireNonNull(secondaryStat, "secondaryStat");
    }
  }

  /** One IP pair; {@code id} is {@code <source>-<target>}. */
  public record Edge(
      String id, String source, String target, String mainStat, String secondaryStat) {
    public Edge {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(mainStat, "mainStat");
      Objects.requireNonNull(secondaryStat, "secondaryStat");
    }
  }

  public NodeGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }
}
