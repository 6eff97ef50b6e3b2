package dev.tcpmap.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.model.DnsName;
import dev.tcpmap.core.model.Endpoint;
import dev.tcpmap.core.model.IpAddress;
import dev.tcpmap.core.model.Resolver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service over real components: dnsmasq for PTR, whois servers on loopback (IANA referral to a
 * RIPE-format answer), a City database written by MaxMind's writer.
 */
class AddressNamesTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
  private static final IpAddress PUBLIC = IpAddress.parse("198.51.100.7");
  private static final IpAddress PRIVATE = IpAddress.parse("10.1.2.3");
  private static final IpAddress NO_PTR = IpAddress.parse("203.0.113.5");
  private static final IpAddress POD = IpAddress.parse("10.9.9.9");

  private Dnsmasq dnsmasq;
  private WhoisServer ripe;
  private WhoisServer iana;
  private AddressNames names;
  private Resolver resolver;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    dnsmasq =
        Dnsmasq.start(
            List.of(
                "--ptr-record=7.100.51.198.in-addr.arpa,mail.example.se",
                "--ptr-record=3.2.1.10.in-addr.arpa,private.example.se"));
    ripe = new WhoisServer(q -> WhoisTest.RIPE);
    iana = new WhoisServer(q -> "refer: " + ripe.hostPort() + "\n");
    Duration timeout = Duration.ofSeconds(2);
    names =
        new AddressNames(
            new ReverseDns(dnsmasq.address, timeout),
            new Whois(HostPort.parse(iana.hostPort(), 43), WhoisTest.ORG, timeout, ripe.port()),
            GeoIp.open(GeoIpTest.cityDatabase(dir)),
            Duration.ofHours(1),
            100,
            InstantSource.system());
    Resolver base =
        (ip, at) ->
            ip.equals(POD)
                ? new Endpoint(ip, Endpoint.Kind.POD, "web-1", "shop")
                : Endpoint.ofIp(ip);
    resolver = AddressNamesResolver.over(base, names);
  }

  @AfterEach
  void stop() throws Exception {
    if (names != null) {
      names.close();
    }
    if (iana != null) {
      iana.close();
      ripe.close();
    }
    if (dnsmasq != null) {
      dnsmasq.close();
    }
  }

  /** Asks until the name is no longer the IP: up to 100 tries, 100 ms apart. */
  private static String awaitNamed(Supplier<Endpoint> ask) throws InterruptedException {
    Endpoint endpoint = ask.get();
    for (int i = 0; i < 100 && endpoint.name().equals(endpoint.ip().toString()); i++) {
      Thread.sleep(100);
      endpoint = ask.get();
    }
    return endpoint.name();
  }

  @Test
  void resolve_publicAddressWithPtr_firstTheIpThenPtrNameWithPlace() throws Exception {
    assertThat(resolver.resolve(PUBLIC, AT).name()).isEqualTo("198.51.100.7");

    assertThat(awaitNamed(() -> resolver.resolve(PUBLIC, AT)))
        .isEqualTo("mail.example.se (SE, Linköping)");
    assertThat(names.counts())
        .containsEntry("ptr/ok", 1L)
        .containsEntry("geoip/ok", 1L)
        .doesNotContainKey("whois/ok");
    assertThat(iana.queries).as("a PTR name needs no whois").isEmpty();
  }

  @Test
  void resolve_publicAddressWithoutPtr_whoisOrganisationWithCountry() throws Exception {
    assertThat(awaitNamed(() -> resolver.resolve(NO_PTR, AT)))
        .isEqualTo("Example Networks AB (US)");
    assertThat(iana.queries).containsExactly("203.0.113.5");
    assertThat(ripe.queries).containsExactly("203.0.113.5");
  }

  @Test
  void resolve_privateAddress_ptrOnlyNeverWhoisOrGeoIp() throws Exception {
    // The database has 10.0.0.0/8 as (ZZ, Private): it shows if GeoIP were asked.
    assertThat(awaitNamed(() -> resolver.resolve(PRIVATE, AT))).isEqualTo("private.example.se");
    assertThat(iana.queries).isEmpty();
    assertThat(names.counts().keySet()).containsExactly("ptr/ok");
  }

  @Test
  void resolve_podAndTrafficNames_win() throws Exception {
    awaitNamed(() -> resolver.resolve(PUBLIC, AT));
    TrafficNames traffic = new TrafficNames(10);
    traffic.learn(new DnsName(PUBLIC, "api.example.com", AT, Duration.ofMinutes(5)));
    Resolver withTraffic = traffic.over(resolver);

    assertThat(withTraffic.resolve(PUBLIC, AT).name()).isEqualTo("api.example.com");
    assertThat(resolver.resolve(POD, AT))
        .isEqualTo(new Endpoint(POD, Endpoint.Kind.POD, "web-1", "shop"));
    assertThat(names.counts().values().stream().mapToLong(Long::longValue).sum())
        .as("only the public address was looked up: PTR and GeoIP")
        .isEqualTo(2);
  }

  @Test
  void resolve_cachedWithinTtl_lookedUpOnce() throws Exception {
    awaitNamed(() -> resolver.resolve(PUBLIC, AT));
    for (int i = 0; i < 5; i++) {
      resolver.resolve(PUBLIC, AT);
    }

    assertThat(names.counts()).containsEntry("ptr/ok", 1L);
  }
}
