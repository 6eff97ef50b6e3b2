package dev.tcpmap.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.IpAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WhoisTest {
  /** k8spacket's documented regex. */
  static final Pattern ORG = Pattern.compile("(?:OrgName:|org-name:)\\s*(.*)");

  static final String RIPE =
      """
      % This is the RIPE Database query service.
      inetnum:        198.51.100.0 - 198.51.100.255
      netname:        EXAMPLE-NET
      org-name:       Example Networks AB
      country:        SE
      """;

  @Test
  void organisation_ianaReferral_followedOnceAndRegexGroupNames() throws Exception {
    try (WhoisServer ripe = new WhoisServer(q -> RIPE);
        WhoisServer iana =
            new WhoisServer(
                q -> "% IANA WHOIS server\r\nrefer:        " + ripe.hostPort() + "\r\n\r\n")) {
      Whois whois =
          new Whois(HostPort.parse(iana.hostPort(), 43), ORG, Duration.ofSeconds(2), ripe.port());

      assertThat(whois.organisation(IpAddress.parse("198.51.100.7")))
          .contains("Example Networks AB");
      assertThat(iana.queries).containsExactly("198.51.100.7");
      assertThat(ripe.queries).containsExactly("198.51.100.7");
    }
  }

  /** Issue 19: a referral could send tcpmap to any host and port the answer named. */
  @Test
  void organisation_referralToAnotherPort_isNotFollowed() throws Exception {
    try (WhoisServer other = new WhoisServer(q -> RIPE);
        WhoisServer iana = new WhoisServer(q -> "refer: " + other.hostPort() + "\r\n")) {
      // Referrals are allowed to one port only (43 in production), here other's port plus one.
      Whois whois =
          new Whois(
              HostPort.parse(iana.hostPort(), 43), ORG, Duration.ofSeconds(2), other.port() + 1);

      assertThatThrownBy(() -> whois.organisation(IpAddress.parse("198.51.100.7")))
          .isInstanceOf(Whois.RefusedReferral.class)
          .hasMessageContaining(other.hostPort());
      assertThat(other.queries).isEmpty();
    }
  }

  @Test
  void organisation_referralWithoutPort_goesToWhoisPort() {
    assertThat(HostPort.parse("whois.ripe.net", Whois.PORT))
        .isEqualTo(new HostPort("whois.ripe.net", 43));
  }

  @Test
  void organisation_arinFormatWithoutReferral_readsTheFirstServer() throws Exception {
    try (WhoisServer arin =
        new WhoisServer(q -> "NetRange: 203.0.113.0 - 203.0.113.255\nOrgName:  Example Inc.\n")) {
      Whois whois = new Whois(HostPort.parse(arin.hostPort(), 43), ORG, Duration.ofSeconds(2));

      assertThat(whois.organisation(IpAddress.parse("2001:db8::1"))).contains("Example Inc.");
      assertThat(arin.queries).containsExactly("2001:db8::1");
    }
  }

  @Test
  void organisation_noMatch_isEmpty() throws Exception {
    try (WhoisServer server = new WhoisServer(q -> "% no entries found\n")) {
      Whois whois = new Whois(HostPort.parse(server.hostPort(), 43), ORG, Duration.ofSeconds(2));

      assertThat(whois.organisation(IpAddress.parse("198.51.100.7"))).isEmpty();
    }
  }

  @Test
  void organisation_serverThatNeverAnswers_timesOut() throws Exception {
    try (WhoisServer silent = new WhoisServer(q -> null)) {
      Whois whois = new Whois(HostPort.parse(silent.hostPort(), 43), ORG, Duration.ofMillis(300));

      assertThatThrownBy(() -> whois.organisation(IpAddress.parse("198.51.100.7")))
          .isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void organisation_answerLongerThanTheBound_isCutNotBuffered() throws Exception {
    String huge = "x".repeat(Whois.MAX_ANSWER) + "\norg-name: past the bound\n";
    try (WhoisServer server = new WhoisServer(q -> huge)) {
      Whois whois = new Whois(HostPort.parse(server.hostPort(), 43), ORG, Duration.ofSeconds(2));

      assertThat(whois.organisation(IpAddress.parse("198.51.100.7"))).isEmpty();
    }
  }
}
