package dev.tcpmap.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.api.cluster.FanOut;
import dev.tcpmap.api.cluster.TlsCall;
import dev.tcpmap.api.wire.Json;
import dev.tcpmap.api.wire.TlsJson;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.tls.TlsHandshake;
import dev.tcpmap.query.TimeRange;
import dev.tcpmap.query.cluster.ClusterAnswer;
import dev.tcpmap.query.cluster.PeerTls;
import dev.tcpmap.query.tls.ServerCertificate;
import dev.tcpmap.query.tls.TlsConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TLS: k8spacket's {@code /tlsparser} endpoints, which its TLS dashboard reads through Grafana's
 * JSON API datasource (paths as its {@code tls-parser/injector.go}), and tcpmap's {@code
 * /api/v1/tls} and {@code /api/v1/certificates}. A handshake is in the window when it was captured
 * within it (it is an instant).
 *
 * <p>With peers, {@code /tlsparser/api/data}, {@code /tlsparser/api/data/{id}}, {@code /api/v1/tls}
 * and {@code /api/v1/certificates} answer for the cluster through the {@link FanOut} (each
 * handshake once, see {@code TlsMerge}), naming missing peers in the header {@value
 * K8spacketRoutes#MISSING_PEERS} and, in the {@code /api/v1} answers, in {@code missingPeers}; as
 * k8spacket, {@code /tlsparser/connections/...} stay this agent's own. Names are this agent's
 * resolver's, whoever captured the handshake.
 */
final class TlsRoutes {
  private final Queries queries;
  private final Resolver resolver;
  private final FanOut cluster;
  private final TlsCall call;

  private TlsRoutes(Queries queries, Resolver resolver, FanOut cluster, TlsCall call) {
    this.queries = queries;
    this.resolver = resolver;
    this.cluster = cluster;
    this.call = call;
  }

  static void register(
      Router router, Queries queries, Resolver resolver, FanOut cluster, TlsCall call) {
    TlsRoutes routes = new TlsRoutes(queries, resolver, cluster, call);
    router
        .get("/tlsparser/api/data", routes::clusterList)
        .get("/tlsparser/api/data/{id}", routes::clusterDetails)
        .get("/tlsparser/connections/", routes::ownList)
        .get("/tlsparser/connections/{id}", routes::ownDetails)
        .get("/api/v1/tls", routes::handshakes)
        .get("/api/v1/certificates", routes::certificates);
  }

  /**
   * The handshakes an answer shows: the cluster's when {@code clusterWide} and the directory lists
   * peers (then with who answered), else this agent's.
   */
  private record Handshakes(
      List<TlsHandshake> list,
      Instant asOf,
      Map<String, Long> losses,
      Optional<ClusterAnswer<List<TlsHandshake>>> cluster) {

    /** The header naming missing peers; none for this agent's own answer. */
    Map<String, String> headers() {
      return cluster.map(c -> K8spacketRoutes.missingPeersHeader(c.missing())).orElse(Map.of());
    }

    /** {@code answeredPeers} and {@code missingPeers}, as {@code /api/v1/graph}, in a cluster. */
    void addPeers(ObjectNode out) {
      cluster.ifPresent(
          c -> {
            ArrayNode answered = out.putArray("answeredPeers");
            c.answered().forEach(peer -> answered.add(peer.name()));
            ArrayNode missing = out.putArray("missingPeers");
            c.missing().forEach(m -> missing.add(NativeRoutes.missingPeer(m)));
          });
    }
  }

  private Handshakes select(TimeRange range, boolean clusterWide) {
    Optional<ClusterAnswer<List<TlsHandshake>>> merged =
        clusterWide ? cluster.collect(call, range) : Optional.empty();
    if (merged.isPresent()) {
      ClusterAnswer<List<TlsHandshake>> c = merged.get();
      return new Handshakes(c.merged(), c.asOf(), c.losses(), merged);
    }
    PeerTls own = call.self(range);
    return new Handshakes(own.handshakes(), own.asOf(), own.losses(), Optional.empty());
  }

  private Answer clusterList(QueryParams params) {
    return list(params, true);
  }

  private Answer ownList(QueryParams params) {
    return list(params, false);
  }

  private Answer clusterDetails(String id, QueryParams params) {
    return details(id, params, true);
  }

  private Answer ownDetails(String id, QueryParams params) {
    return details(id, params, false);
  }

  /** {@code [{id, src, srcName, ...}]}, ordered by client, server, port. */
  private Answer list(QueryParams params, boolean clusterWide) {
    TimeRange range = queries.range(params);
    Handshakes all = select(range, clusterWide);
    ArrayNode out = Json.array();
    for (TlsConnection c : TlsConnection.of(all.list(), range)) {
      TlsHandshake h = c.newest();
      out.add(
          TlsJson.connection(
              c,
              resolver.resolve(h.client(), h.connectionStart()),
              resolver.resolve(h.server(), h.connectionStart())));
    }
    return Answer.json(out, all.headers());
  }

  private Answer details(String id, QueryParams params, boolean clusterWide) {
    TimeRange range = queries.range(params);
    Handshakes all = select(range, clusterWide);
    return TlsConnection.find(all.list(), range, id)
        .map(c -> Answer.json(TlsJson.details(c), all.headers()))
        .orElseThrow(() -> new ApiException(404, "no TLS connection with id " + shorten(id)));
  }

  /** {@code /api/v1/tls?from&to&limit}: handshakes newest first, as {@code /api/v1/connections}. */
  private Answer handshakes(QueryParams params) {
    TimeRange range = queries.range(params);
    int limit = NativeRoutes.limit(params.get("limit"));
    Handshakes all = select(range, true);
    List<TlsHandshake> matching = new ArrayList<>();
    for (TlsHandshake h : all.list()) {
      if (range.overlaps(h.at(), h.at())) {
        matching.add(h);
      }
    }
    matching.sort(TlsConnection.NEWEST_FIRST);
    ObjectNode out = NativeRoutes.header(range, all.asOf(), all.losses());
    all.addPeers(out);
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
    return Answer.json(out, all.headers());
  }

  /** {@code /api/v1/certificates?from&to}: distinct leaves, soonest expiry first. */
  private Answer certificates(QueryParams params) {
    TimeRange range = queries.range(params);
    Handshakes all = select(range, true);
    ObjectNode out = NativeRoutes.header(range, all.asOf(), all.losses());
    all.addPeers(out);
    ArrayNode list = out.putArray("certificates");
    for (ServerCertificate c : ServerCertificate.of(all.list(), range)) {
      list.add(TlsJson.certificate(c, all.asOf()));
    }
    return Answer.json(out, all.headers());
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
