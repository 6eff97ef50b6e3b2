package dev.tcpmap.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tcpmap.core.model.IpAddress;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReverseDnsTest {
  private static Dnsmasq dnsmasq;

  @BeforeAll
  static void startDnsmasq() throws Exception {
    dnsmasq =
        Dnsmasq.start(
            List.of(
                "--ptr-record=7.100.51.198.in-addr.arpa,mail.example.se",
                "--host-record=v6host.example.se,2001:db8:5e::7"));
  }

  @AfterAll
  static void stopDnsmasq() throws Exception {
    if (dnsmasq != null) {
      dnsmasq.close();
    }
  }

  private static ReverseDns reverseDns() {
    return new ReverseDns(dnsmasq.address, Duration.ofSeconds(2));
  }

  @Test
  void lookup_ipv4PtrRecord_isItsName() throws Exception {
    assertThat(reverseDns().lookup(IpAddress.parse("198.51.100.7"))).contains("mail.example.se");
  }

  @Test
  void lookup_ipv6PtrRecord_isItsName() throws Exception {
    assertThat(reverseDns().lookup(IpAddress.parse("2001:db8:5e::7")))
        .contains("v6host.example.se");
  }

  @Test
  void lookup_nxdomain_isEmpty() throws Exception {
    assertThat(reverseDns().lookup(IpAddress.parse("198.51.100.9"))).isEmpty();
  }

  @Test
  void lookup_serverThatNeverAnswers_timesOut() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      ReverseDns dns =
          new ReverseDns(
              new InetSocketAddress("127.0.0.1", silent.getLocalPort()), Duration.ofMillis(300));
      long start = System.nanoTime();

      assertThatThrownBy(() -> dns.lookup(IpAddress.parse("198.51.100.7")))
          .isInstanceOf(SocketTimeoutException.class);
      // It waited for its timeout rather than failing at once (no upper bound: a slow CI).
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(250_000_000L);
    }
  }

  @Test
  void server_emptySetting_isFirstNameserverOfResolvConf(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("resolv.conf");
    Files.writeString(conf, "# comment\nsearch example\nnameserver 192.0.2.53\nnameserver ::1\n");

    assertThat(ReverseDns.server("", conf)).isEqualTo(new InetSocketAddress("192.0.2.53", 53));
    assertThat(ReverseDns.server("[::1]:5353", conf)).isEqualTo(new InetSocketAddress("::1", 5353));
    assertThat(ReverseDns.server("", dir.resolve("missing")))
        .isEqualTo(new InetSocketAddress("127.0.0.1", 53));
  }
}
