package dev.tcpmap.api.http;

import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Whether a request may be answered, before it is routed: its {@code Host} ({@link HostCheck}),
 * then a preflight's origin ({@link Cors}), then the bearer token ({@link BearerToken}), which
 * every request needs but a preflight and the probes {@link #PROBES}. Immutable (the token reloads
 * itself).
 */
public final class AccessGuard {
  /**
   * Answered without the token: the kubelet's probes carry none. k8spacket's {@code
   * /nodegraph/api/health} is not one of them: Grafana's datasource sends the token with it.
   */
  public static final Set<String> PROBES = Set.of("/healthz", "/readyz");

  private static final int SHOWN = 100;

  /**
   * A request refused.
   *
   * @param status 403 (host, origin) or 401 (token)
   * @param reason {@code host}, {@code origin} or {@code token}: a metric's label
   * @param message the error the client is told
   */
  public record Refusal(int status, String reason, String message) {}

  private final HostCheck hosts;
  private final Cors cors;
  private final Optional<BearerToken> token;

  public AccessGuard(HostCheck hosts, Cors cors, Optional<BearerToken> token) {
    this.hosts = hosts;
    this.cors = cors;
    this.token = token;
  }

  /** Why {@code request} is refused; empty when it may be answered. */
  public Optional<Refusal> check(Request request) {
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (!hosts.allows(host)) {
      return Optional.of(
          new Refusal(
              403,
              "host",
              "Host "
                  + shown(host)
                  + " is not a name of this server (a guard against DNS rebinding);"
                  + " api.allowed-hosts adds names"));
    }
    if (Cors.isPreflight(request)) {
      String origin = request.getHeaders().get(HttpHeader.ORIGIN);
      if (!cors.allows(origin)) {
        return Optional.of(
            new Refusal(
                403,
                "origin",
                "cross-origin requests from "
                    + shown(origin)
                    + " are not allowed; api.cors-origins lists the origins allowed"));
      }
      return Optional.empty();
    }
    if (token.isPresent()
        && !PROBES.contains(request.getHttpURI().getPath())
        && !token.get().accepts(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
      return Optional.of(
          new Refusal(401, "token", "this API needs its token: Authorization: Bearer <token>"));
    }
    return Optional.empty();
  }

  private static String shown(String text) {
    return text.length() > SHOWN ? text.substring(0, SHOWN) + "…" : text;
  }
}
