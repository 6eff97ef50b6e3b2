package dev.tcpmap.query.k8spacket;

import dev.tcpmap.core.model.Checks;
import java.util.List;

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
      Checks.nonNull(
          "id title subTitle mainStat secondaryStat", id, title, subTitle, mainStat, secondaryStat);
    }
  }

  /** One IP pair; {@code id} is {@code <source>-<target>}. */
  public record Edge(
      String id, String source, String target, String mainStat, String secondaryStat) {
    public Edge {
      Checks.nonNull(
          "id source target mainStat secondaryStat", id, source, target, mainStat, secondaryStat);
    }
  }

  public NodeGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }
}
