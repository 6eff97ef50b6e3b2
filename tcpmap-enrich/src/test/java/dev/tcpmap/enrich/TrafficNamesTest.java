package dev.tcpmap.enrich;

import static dev.tcpmap.core.testing.TestConnections.T0;
import static dev.tcpmap.core.testing.TestConnections.connection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.event.Event;
import dev.tcpmap.core.event.EventsLost;
import dev.tcpmap.core.event.TlsHandshakeSeen;
import dev.tcpmap.core.model.Connection;
import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import dev.tcpmap.core.testing.HandedOn;
import dev.tcpmap.core.testing.TestHandshakes;
import dev.tcpmap.core.tls.TlsHandshake;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrafficNamesTest {
  private static final IpAddress STRIPE = IpAddress.parse("54.187.174.169");

  /** 10.0.0.1 is a pod; everything else is external. */
  private static final Resolver CLUSTER =
      (ip, at) ->
          ip.equals(IpAddress.parse("10.0.0.1"))
              ? new Endpoint(ip, Endpoint.Kind.POD, "web-1", "shop")
              : Endpoint.ofIp(ip);

  private static Connection toStripe(int clientPort, Instant start) {
    return connection(
        "10.0.0.1", clientPort, STRIPE.toString(), 443, start, Duration.ofSeconds(1), 1, 1);
  }

  private static DnsName answer(String name, Instant at, Duration ttl) {
    return new DnsName(STRIPE, name, at, ttl);
  }

  private static TlsHandshake hello(Connection c, String sni) {
    return TestHandshakes.tls13(
        c.client(),
        c.clientPort(),
        c.server(),
        c.serverPort(),
        c.start(),
        c.start().plusMillis(2),
        sni,
        Optional.empty());
  }

  /** The base resolver with what {@code handshakes} and {@code answers} said, learnt in order. */
  private static Resolver over(
      Resolver base, List<TlsHandshake> handshakes, List<DnsName> answers) {
    return over(base, handshakes, answers, 100);
  }

  /** The cluster's resolver with only these answers learnt, in order. */
  private static Resolver overAnswers(DnsName... answers) {
    return over(CLUSTER, List.of(), List.of(answers));
  }

  private static Resolver over(
      Resolver base, List<TlsHandshake> handshakes, List<DnsName> answers, int max) {
    TrafficNames traffic = new TrafficNames(max);
    handshakes.forEach(traffic::learn);
    answers.forEach(traffic::learn);
    return traffic.over(base);
  }

  @Test
  void asAStage_learnsFromHandshakesAndAnswers_andPassesEveryEventOn() {
    TrafficNames traffic = new TrafficNames(10);
    Connection c = toStripe(40001, T0.plusSeconds(10));
    HandedOn next = new HandedOn();
    Event seen = new TlsHandshakeSeen(hello(c, "api.stripe.com"));
    Event lost = new EventsLost("tracer", "ring-buffer-full", 1);
    traffic.accept(seen, next);
    traffic.accept(lost, next);

    assertThat(next.events()).containsExactly(seen, lost);
    assertThat(next.counted()).isEmpty();
    assertThat(traffic.over(CLUSTER).resolveServer(c).name()).isEqualTo("api.stripe.com");
  }

  @Test
  void bounded_theOldestLearntIsForgotten() {
    Connection first = toStripe(40001, T0);
    Resolver names =
        over(
            CLUSTER,
            List.of(hello(first, "one.example"), hello(toStripe(40002, T0), "two.example")),
            List.of(),
            1);
    assertThat(names.resolveServer(first).name())
        .as("its own SNI was forgotten; the newest sent to the address remains")
        .isEqualTo("two.example");
  }

  @Test
  void sameTime_theFirstLearntWins() {
    Resolver names =
        overAnswers(
            answer("first.example", T0, Duration.ofMinutes(1)),
            answer("second.example", T0, Duration.ofMinutes(1)));
    assertThat(names.resolveServer(toStripe(1, T0.plusSeconds(1))).name())
        .isEqualTo("first.example");
  }

  @Test
  void resolveServer_sniOfTheConnectionItself_winsOverDns() {
    Connection c = toStripe(40001, T0.plusSeconds(10));
    Resolver names =
        over(
            CLUSTER,
            List.of(hello(c, "api.stripe.com")),
            List.of(answer("other.example", T0, Duration.ofMinutes(1))));

    assertThat(names.resolveServer(c).name()).isEqualTo("api.stripe.com");
    assertThat(names.resolveServer(c).kind()).isEqualTo(Endpoint.Kind.EXTERNAL);
    assertThat(names.resolveClient(c).name()).as("a pod keeps its name").isEqualTo("web-1");
  }

  @Test
  void resolveServer_newestDnsAnswerBeforeTheStart_heldAtLeastFiveMinutes() {
    Resolver names =
        overAnswers(
            answer("old.example", T0, Duration.ofSeconds(30)),
            answer("api.stripe.com", T0.plusSeconds(60), Duration.ofSeconds(30)),
            answer("later.example", T0.plusSeconds(600), Duration.ofSeconds(30)));

    assertThat(names.resolveServer(toStripe(1, T0.plusSeconds(120))).name())
        .as("30 s TTL, but held 5 min")
        .isEqualTo("api.stripe.com");
    assertThat(names.resolveServer(toStripe(2, T0.plusSeconds(59))).name())
        .isEqualTo("old.example");
    assertThat(names.resolveServer(toStripe(3, T0.plusSeconds(400))).name())
        .as("the newest answer before the start expired")
        .isEqualTo(STRIPE.toString());
  }

  @Test
  void resolveServer_noAnswer_serverNameSentToTheAddressBefore() {
    Connection earlier = toStripe(40001, T0);
    Resolver names = over(CLUSTER, List.of(hello(earlier, "api.stripe.com")), List.of());

    assertThat(names.resolveServer(toStripe(40002, T0.plusSeconds(3600))).name())
        .isEqualTo("api.stripe.com");
    assertThat(names.resolveServer(toStripe(40003, T0.minusSeconds(3600))).name())
        .as("nothing seen yet")
        .isEqualTo(STRIPE.toString());
  }
}
