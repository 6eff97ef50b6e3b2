package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 8: a capture may come from a network this host has nothing to do with, so {@code
 * analyze --serve} asks no one about its addresses unless told to; the agent's default (reverse DNS
 * on) does not apply. The "DNS server" here is a UDP socket on loopback that counts what reaches
 * it.
 */
class AnalyzeAsksNoOneTest {
  @TempDir Path dir;
  private DatagramChannel dns;
  private Map<String, String> environment;

  @BeforeEach
  void listen() throws IOException {
    dns = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    dns.configureBlocking(false);
    int port = ((InetSocketAddress) dns.getLocalAddress()).getPort();
    environment = Map.of(CliRun.DEFAULT_NAMES, "", "TCPMAP_NAMES_DNS_SERVER", "127.0.0.1:" + port);
  }

  @AfterEach
  void close() throws IOException {
    dns.close();
  }

  @Test
  void serve_atTheDefaults_looksNothingUp() throws Exception {
    CliRun run = serve(environment);
    try {
      assertThat(CliRun.get(run.servers.getFirst(), "/api/v1/graph").statusCode()).isEqualTo(200);
      assertThat(CliRun.get(run.servers.getFirst(), "/metrics").body())
          .as("no lookup service was started")
          .doesNotContain("tcpmap_address_lookups_total");
    } finally {
      run.closeServers();
    }
    assertThat(dns.receive(ByteBuffer.allocate(512))).as("a query reached the DNS server").isNull();
  }

  @Test
  void serve_reverseDnsAskedFor_looksUpTheCapturesAddresses() throws Exception {
    Map<String, String> asked = new java.util.HashMap<>(environment);
    asked.put("TCPMAP_NAMES_REVERSE_DNS", "true");
    CliRun run = serve(asked);
    try {
      assertThat(CliRun.get(run.servers.getFirst(), "/api/v1/graph").statusCode()).isEqualTo(200);
      try (Selector selector = Selector.open()) {
        dns.register(selector, SelectionKey.OP_READ);
        assertThat(selector.select(10_000)).as("a PTR query within 10 s").isEqualTo(1);
      }
      assertThat(dns.receive(ByteBuffer.allocate(512))).isNotNull();
    } finally {
      run.closeServers();
    }
  }

  private CliRun serve(Map<String, String> env) throws IOException {
    CliRun run = CliRun.serveDemo(env, dir);
    assertThat(run.exitCode).isZero();
    return run;
  }
}
