package dev.tcpmap.api.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tcpmap.core.model.DnsLookup;
import dev.tcpmap.core.model.IcmpError;
import dev.tcpmap.core.model.UdpFlow;
import java.io.IOException;

/**
 * The JSON records of what UDP and ICMP said, in {@link Json}'s conventions (addresses as text, RFC
 * 3339 microsecond times, {@code durationMs}). Stateless.
 */
public final class DatagramJson {
  private DatagramJson() {}

  /**
   * A UDP flow: {@code client, clientPort, server, serverPort, start, durationMs, bytesSent,
   * bytesReceived, datagramsSent, datagramsReceived, outcome}; bytes are UDP payload bytes.
   */
  public static void writeUdpFlow(JsonGenerator g, UdpFlow f) throws IOException {
    g.writeStartObject();
    Json.writeKey(g, f.client(), f.clientPort(), f.server(), f.serverPort(), f.start());
    g.writeNumberField("durationMs", Numbers.millisToMicros(f.duration()));
    g.writeNumberField("bytesSent", f.bytesSent());
    g.writeNumberField("bytesReceived", f.bytesReceived());
    g.writeNumberField("datagramsSent", f.datagramsSent());
    g.writeNumberField("datagramsReceived", f.datagramsReceived());
    g.writeStringField("outcome", f.outcome().wireName());
    g.writeEndObject();
  }

  /**
   * An ICMP error: {@code at, family} ({@code icmp} or {@code icmpv6}), {@code type, code,
   * typeName, reporter} (who sent it), the quoted packet's {@code protocol, source, sourcePort,
   * destination, destinationPort}, and {@code matched} ({@code tcp}, {@code udp} or {@code none}).
   */
  public static void writeIcmpError(JsonGenerator g, IcmpError e) throws IOException {
    g.writeStartObject();
    g.writeStringField("at", Numbers.micros(e.at()));
    g.writeStringField("family", e.v6() ? "icmpv6" : "icmp");
    g.writeNumberField("type", e.type());
    g.writeNumberField("code", e.code());
    g.writeStringField("typeName", e.typeName());
    g.writeStringField("reporter", e.reporter().toString());
    g.writeStringField("protocol", e.protocol());
    g.writeStringField("source", e.source().toString());
    g.writeNumberField("sourcePort", e.sourcePort());
    g.writeStringField("destination", e.destination().toString());
    g.writeNumberField("destinationPort", e.destinationPort());
    g.writeStringField("matched", e.matched());
    g.writeEndObject();
  }

  /**
   * A DNS lookup that named no address (failed, unanswered, or an empty success): {@code name,
   * type, at, rcode} ({@code NXDOMAIN}, {@code SERVFAIL}, …, {@code UNANSWERED}, {@code UNKNOWN}),
   * {@code client, clientPort, server, serverPort, id}, and {@code waitedMs} (null without a
   * response).
   */
  public static void writeDnsLookup(JsonGenerator g, DnsLookup l) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", l.name());
    g.writeNumberField("type", l.type());
    g.writeStringField("at", Numbers.micros(l.at()));
    g.writeStringField("rcode", l.rcodeName());
    g.writeStringField("client", l.client().toString());
    g.writeNumberField("clientPort", l.clientPort());
    g.writeStringField("server", l.server().toString());
    g.writeNumberField("serverPort", l.serverPort());
    g.writeNumberField("id", l.id());
    if (l.waited().isPresent()) {
      g.writeNumberField("waitedMs", Numbers.millisToMicros(l.waited().get()));
    } else {
      g.writeNullField("waitedMs");
    }
    g.writeEndObject();
  }
}
