package dev.tcpmap.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.core.aggregate.Snapshot;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.query.TimeRange;
import dev.tcpmap.core.tls.ServerCertificate;
import dev.tcpmap.core.tls.TlsConnection;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.server.json.Json;
import dev.tcpmap.server.json.TlsJson;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * TLS: k8spacket's {@code /tlsparser} endpoints, which its TLS dashboard reads through Grafana's
 * JSON API datasource (paths as its {@code tls-parser/injector.go}), and tcpmap's {@code
 * /api/v1/tls} and {@code /api/v1/certificates}. All read the snapshot's handshakes; a handshake is
 * in the window when it was captured within it (it is an instant).
 */
final class TlsRoutes {
  private final Queries queries;
  private final Resolver resolver;
  private final Supplier<Snapshot> data;

  private TlsRoutes(Queries queries, Resolver resolver, Supplier<Snapshot> data) {
    this.queries = queries;
    this.resolver = resolver;
    this.data = data;
  }

  static void register(Router router, Queries queries, Resolver resolver, Supplier<Snapshot> data) {
    TlsRoutes routes = new TlsRoutes(queries, resolver, data);
    router
        .get("/tlsparser/api/data", routes::list)
        .get("/tlsparser/api/data/{id}", routes::details)
        .get("/tlsparser/connections/", routes::list)
        .get("/tlsparser/connections/{id}", routes::details)
        .get("/api/v1/tls", routes::handshakes)
        .get("/api/v1/certificates", routes::certificates);
  }

  /** {@code [{id, src, srcName, ...}]}, ordered by client, server, port. */
  private Answer list(QueryParams params) {
    TimeRange range = queries.range(params);
    ArrayNode out = Json.array();
    for (TlsConnection c : TlsConnection.of(data.get().handshakes(), range)) {
      TlsHandshake h = c.newest();
      out.add(
          TlsJson.connection(
              c,
              resolver.resolve(h.client(), h.connectionStart()),
              resolver.resolve(h.server(), h.connectionStart())));
    }
    return Answer.json(out);
  }

  private Answer details(String id, QueryParams params) {
    TimeRange range = queries.range(params);
    return TlsConnection.find(data.get().handshakes(), range, id)
        .map(c -> Answer.json(TlsJson.details(c)))
        .orElseThrow(() -> new ApiException(404, "no TLS connection with id " + shorten(id)));
  }

  /** {@code /api/v1/tls?from&to&limit}: handshakes newest first, as {@code /api/v1/connections}. */
  private Answer handshakes(QueryParams params) {
    TimeRange range = queries.range(params);
    int limit = NativeRoutes.limit(params.get("limit"));
    Snapshot snapshot = data.get();
    List<TlsHandshake> matching = new ArrayList<>();
    for (TlsHandshake h : snapshot.handshakes()) {
      if (range.overlaps(h.at(), h.at())) {
        matching.add(h);
      }
    }
    matching.sort(TlsConnection.NEWEST_FIRST);
    ObjectNode out = NativeRoutes.header(range, snapshot.asOf(), snapshot.losses());
    out.put("total", matching.size());
    out.put("truncated", matching.size() > limit);
    ArrayNode list = out.putArray("handshakes");
    for (TlsHandshake h : matching.subList(0, Math.min(limit, matching.size()))) {
      list.add(
          TlsJson.handshake(
              h,
              resolver.resolve(h.client(), h.connectionStart()),
              resolver.resolve(h.server(), h.connectionStart())));
    }
    return Answer.json(out);
  }

  /** {@code /api/v1/certificates?from&to}: distinct leaves, soonest expiry first. */
  private Answer certificates(QueryParams params) {
    TimeRange range = queries.range(params);
    Snapshot snapshot = data.get();
    ObjectNode out = NativeRoutes.header(range, snapshot.asOf(), snapshot.losses());
    ArrayNode list = out.putArray("certificates");
    for (ServerCertificate c : ServerCertificate.of(snapshot.handshakes(), range)) {
      list.add(TlsJson.certificate(c, snapshot.asOf()));
    }
    return Answer.json(out);
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
