package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.testing.Privileged;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcpmap agent} as its own process, stopped by SIGTERM: it stops at once, without a stack
 * trace, and its last line counts a close it was still holding (its partner never closed) — the
 * drain ran before the programs were detached and the process ended.
 */
@Tag("privileged")
class PrivilegedAgentShutdownTest {
  private static final Pattern STOPPED =
      Pattern.compile("tcpmap agent: stopped; (\\d+) connections closed");

  @TempDir Path work;

  @Test
  void sigterm_drainsHeldClosesAndStops() throws Exception {
    Privileged.requireRoot();
    AgentProcess started =
        AgentProcess.start(
            work.resolve("agent.stderr"),
            "--port",
            "0",
            "--data-dir",
            work.resolve("data").toString());
    Process agent = started.process;
    try (ServerSocket listener = new ServerSocket()) {
      started.awaitServing();

      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
      try (Socket server = listener.accept()) {
        client.getOutputStream().write(new byte[100]);
        client.close();
        // The server end stays open (CLOSE_WAIT): the client's close waits for its partner.
        assertThat(server.isClosed()).isFalse();
        Thread.sleep(300);
        agent.destroy(); // SIGTERM
        assertThat(agent.waitFor(15, TimeUnit.SECONDS)).as("stopped in time").isTrue();
      }
    } finally {
      agent.destroyForcibly();
    }
    String err = started.stderrText();
    assertThat(agent.exitValue()).as(err).isEqualTo(143);
    assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
    Matcher stopped = STOPPED.matcher(err);
    assertThat(stopped.find()).as(err).isTrue();
    assertThat(Long.parseLong(stopped.group(1))).isPositive();
  }
}
