package dev.tcpmap.api.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tcpmap.capture.AnalysisResult;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.DnsLookup;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.IcmpError;
import dev.tcpmap.core.model.UdpFlow;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.edges.EdgeStats;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** The one JSON document of {@code tcpmap analyze --json} (see the README). Stateless. */
public final class AnalysisJson {
  private AnalysisJson() {}

  /**
   * Streams the document, so that a capture of millions of connections never exists as a tree:
   * {@code file, packets, decodeErrors, connections, edges, tls, dns, udp, icmp, tcpPackets,
   * skipped, losses, tlsProblems, dnsProblems[, error]} (records as {@link Json#writeTlsHandshake},
   * {@link Json#writeDnsName}, {@link DatagramJson} write them). {@code dns} holds the answers'
   * addresses, then the lookups that named none (failed, unanswered, or empty).
   */
  public static void write(OutputStream out, AnalysisResult result, List<EdgeStats> edges)
      throws IOException {
    try (JsonGenerator g = Json.mapper().createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("file", result.stats().file().toString());
      g.writeNumberField("packets", result.stats().packets());
      g.writeObjectField("decodeErrors", result.stats().decodeErrors());
      g.writeArrayFieldStart("connections");
      for (Connection connection : result.connections()) {
        Json.writeConnection(g, connection);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("edges");
      for (EdgeStats edge : edges) {
        Json.writeEdge(g, edge);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("tls");
      for (TlsHandshake handshake : result.handshakes()) {
        Json.writeTlsHandshake(g, handshake);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("dns");
      for (DnsName name : result.names()) {
        Json.writeDnsName(g, name);
      }
      for (DnsLookup lookup : result.datagrams().lookups()) {
        if (lookup.addresses() == 0) {
          DatagramJson.writeDnsLookup(g, lookup);
        }
      }
      g.writeEndArray();
      g.writeArrayFieldStart("udp");
      for (UdpFlow flow : result.datagrams().udp()) {
        DatagramJson.writeUdpFlow(g, flow);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("icmp");
      for (IcmpError error : result.datagrams().icmp()) {
        DatagramJson.writeIcmpError(g, error);
      }
      g.writeEndArray();
      g.writeNumberField("tcpPackets", result.stats().tcpPackets());
      g.writeObjectField("skipped", result.stats().skipped());
      g.writeObjectField("losses", result.losses());
      g.writeObjectField("tlsProblems", result.stats().tlsProblems());
      g.writeObjectField("dnsProblems", result.stats().dnsProblems());
      if (result.stats().error().isPresent()) {
        g.writeStringField("error", result.stats().error().get().getMessage());
      }
      g.writeEndObject();
    }
  }
}
