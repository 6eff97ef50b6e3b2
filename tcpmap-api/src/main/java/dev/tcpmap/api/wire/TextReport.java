package dev.tcpmap.api.wire;

import dev.tcpmap.capture.AnalysisResult;
import dev.tcpmap.core.format.GoDuration;
import dev.tcpmap.core.format.Printable;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.DnsLookup;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.IcmpError;
import dev.tcpmap.core.model.Outcome;
import dev.tcpmap.core.model.UdpFlow;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.edges.EdgeStats;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The readable report of {@code tcpmap analyze}: totals, decode problems, TLS and DNS, losses and
 * the busiest edges. Numbers are exact (no kB rounding): exactness is the point of the tool. Text
 * that came from the file (its name, names read from its traffic) is printed {@link Printable}.
 */
public final class TextReport {
  private TextReport() {}

  /** Prints the report of {@code result}, with its {@code top} busiest edges. */
  public static void print(
      PrintStream out, AnalysisResult result, List<EdgeStats> edges, Duration persistent, int top) {
    List<Connection> connections = result.connections();
    out.println("file         " + Printable.of(result.stats().file().toString()));
    out.println("packets      " + packets(result));
    out.println(
        "decode       "
            + counts(result.stats().decodeErrors(), "no problems", " did not decode: "));
    out.println("connections  " + connections(connections, persistent));
    out.println("payload      " + payload(connections));
    out.println("time         " + timeSpan(connections));
    out.println("tls          " + tls(result));
    out.println("dns          " + dns(result));
    out.println("udp          " + udp(result));
    out.println("icmp         " + icmp(result));
    out.println("lost         " + counts(result.losses(), "nothing", " records: "));
    out.println();
    printEdges(out, edges, top);
  }

  private static String packets(AnalysisResult result) {
    long notTcp = result.stats().skipped().values().stream().mapToLong(Long::longValue).sum();
    String line = "%,d (%,d TCP".formatted(result.stats().packets(), result.stats().tcpPackets());
    if (notTcp > 0) {
      line += ", %,d not TCP: %s".formatted(notTcp, list(result.stats().skipped()));
    }
    return line + ")";
  }

  private static String counts(Map<String, Long> counts, String none, String label) {
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    return total == 0 ? none : "%,d%s%s".formatted(total, label, list(counts));
  }

  private static String list(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " " + "%,d".formatted(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  /** Handshakes by negotiated version, server names, chains seen, and problems. */
  private static String tls(AnalysisResult result) {
    List<TlsHandshake> handshakes = result.handshakes();
    Map<String, Long> byVersion = new TreeMap<>();
    long chains = 0;
    for (TlsHandshake h : handshakes) {
      byVersion.merge(h.negotiated() ? h.version() : "not negotiated", 1L, Long::sum);
      chains += h.certificate().isPresent() ? 1 : 0;
    }
    long names =
        handshakes.stream().map(TlsHandshake::sni).filter(s -> !s.isEmpty()).distinct().count();
    String line =
        handshakes.isEmpty()
            ? "no handshakes"
            : "%,d handshakes (%s); %,d server names; %,d certificate chains seen"
                .formatted(handshakes.size(), list(byVersion), names, chains);
    return line + problems(result.stats().tlsProblems());
  }

  /** Answers and the addresses they name, lookups by response code, and problems. */
  private static String dns(AnalysisResult result) {
    List<DnsName> names = result.names();
    String line =
        names.isEmpty()
            ? "no answers"
            : "%,d answers naming %,d addresses"
                .formatted(names.size(), names.stream().map(DnsName::address).distinct().count());
    List<DnsLookup> lookups = result.datagrams().lookups();
    if (!lookups.isEmpty()) {
      Map<String, Long> byRcode = new TreeMap<>();
      lookups.forEach(l -> byRcode.merge(l.rcodeName(), 1L, Long::sum));
      line += "; %,d lookups (%s)".formatted(lookups.size(), list(byRcode));
    }
    return line + problems(result.stats().dnsProblems());
  }

  /** UDP flows by outcome, and their payload each way. */
  private static String udp(AnalysisResult result) {
    List<UdpFlow> flows = result.datagrams().udp();
    if (flows.isEmpty()) {
      return "no flows";
    }
    Map<String, Long> byOutcome = new TreeMap<>();
    long sent = 0;
    long received = 0;
    for (UdpFlow f : flows) {
      byOutcome.merge(f.outcome().wireName(), 1L, Long::sum);
      sent += f.bytesSent();
      received += f.bytesReceived();
    }
    return "%,d flows (%s); %,d B client to server, %,d B back"
        .formatted(flows.size(), list(byOutcome), sent, received);
  }

  /** ICMP errors, and how many answered a connection or flow seen. */
  private static String icmp(AnalysisResult result) {
    List<IcmpError> errors = result.datagrams().icmp();
    if (errors.isEmpty()) {
      return "no errors";
    }
    Map<String, Long> byType = new TreeMap<>();
    errors.forEach(e -> byType.merge(e.typeName(), 1L, Long::sum));
    long matched = errors.stream().filter(e -> !e.matched().equals("none")).count();
    return "%,d errors (%s); %,d matched to a connection or flow"
        .formatted(errors.size(), list(byType), matched);
  }

  private static String problems(Map<String, Long> problems) {
    return problems.isEmpty() ? "" : "; " + counts(problems, "", " problems: ");
  }

  private static String connections(List<Connection> connections, Duration persistent) {
    Map<Outcome, Long> byOutcome = new EnumMap<>(Outcome.class);
    long persistentCount = 0;
    long midStream = 0;
    for (Connection c : connections) {
      byOutcome.merge(c.outcome(), 1L, Long::sum);
      persistentCount += c.duration().compareTo(persistent) >= 0 ? 1 : 0;
      midStream += c.startSeen() ? 0 : 1;
    }
    String outcomes =
        byOutcome.entrySet().stream()
            .map(e -> "%,d %s".formatted(e.getValue(), e.getKey().wireName()))
            .collect(Collectors.joining(", "));
    return "%,d%s; %,d persistent (>= %s); %,d started before the capture"
        .formatted(
            connections.size(),
            outcomes.isEmpty() ? "" : ": " + outcomes,
            persistentCount,
            GoDuration.format(persistent),
            midStream);
  }

  private static String payload(List<Connection> connections) {
    long sent = 0;
    long received = 0;
    for (Connection c : connections) {
      sent += c.bytesSent();
      received += c.bytesReceived();
    }
    return "%,d B client to server, %,d B server to client".formatted(sent, received);
  }

  private static String timeSpan(List<Connection> connections) {
    if (connections.isEmpty()) {
      return "-";
    }
    Instant first =
        connections.stream().map(Connection::start).min(Comparator.naturalOrder()).get();
    Instant last = connections.stream().map(Connection::end).max(Comparator.naturalOrder()).get();
    return first + " to " + last + " (" + GoDuration.format(Duration.between(first, last)) + ")";
  }

  private static void printEdges(PrintStream out, List<EdgeStats> edges, int top) {
    if (edges.isEmpty()) {
      out.println("no TCP connections");
      return;
    }
    List<EdgeStats> busiest = edges.stream().sorted(TextReport::busiestFirst).limit(top).toList();
    out.printf("top %d of %,d edges, by connections%n", busiest.size(), edges.size());
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {"CLIENT", "SERVER", "CONNS", "PERSIST", "SENT", "RECEIVED", "AVG", "MAX"});
    for (EdgeStats e : busiest) {
      rows.add(
          new String[] {
            Printable.of(e.key().client().name()),
            server(e),
            "%,d".formatted(e.connections()),
            "%,d".formatted(e.persistent()),
            "%,d".formatted(e.bytesSent()),
            "%,d".formatted(e.bytesReceived()),
            GoDuration.format(
                e.durationSum().dividedBy(e.connections()).truncatedTo(ChronoUnit.MICROS)),
            GoDuration.format(e.durationMax())
          });
    }
    int[] widths = new int[rows.getFirst().length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      StringBuilder line = new StringBuilder(" ");
      for (int i = 0; i < row.length; i++) {
        // names left-aligned, numbers right-aligned
        String cell = i < 2 ? pad(row[i], widths[i], false) : pad(row[i], widths[i], true);
        line.append("  ").append(cell);
      }
      line.append("  ").append(r == 0 ? "ENDINGS" : endings(busiest.get(r - 1)));
      out.println(line);
    }
  }

  /** Most connections first, then most bytes, then edge order. */
  private static int busiestFirst(EdgeStats a, EdgeStats b) {
    int c = Long.compare(b.connections(), a.connections());
    if (c == 0) {
      c = Long.compare(b.bytesSent() + b.bytesReceived(), a.bytesSent() + a.bytesReceived());
    }
    return c != 0 ? c : a.key().compareTo(b.key());
  }

  private static String pad(String text, int width, boolean right) {
    String space = " ".repeat(width - text.length());
    return right ? space + text : text + space;
  }

  private static String server(EdgeStats e) {
    String name = Printable.of(e.key().server().name());
    return (name.indexOf(':') >= 0 ? "[" + name + "]" : name) + ":" + e.key().serverPort();
  }

  private static String endings(EdgeStats e) {
    StringBuilder out = new StringBuilder();
    for (Outcome outcome : Outcome.values()) {
      long n = e.outcomes().get(outcome);
      if (n > 0) {
        out.append(out.isEmpty() ? "" : " ").append(outcome.wireName()).append(' ').append(n);
      }
    }
    return out.toString();
  }
}
