package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tcpmap.core.testing.Privileged;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    Path stderr = work.resolve("agent.stderr");
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process agent =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m",
                "-cp",
                classPath(),
                Main.class.getName(),
                "agent",
                "--port",
                "0",
                "--data-dir",
                work.resolve("data").toString())
            .redirectError(stderr.toFile())
            .start();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
        ServerSocket listener = new ServerSocket()) {
      String line;
      do {
        line = out.readLine();
        assertThat(line).as("agent output ended; stderr: %s", read(stderr)).isNotNull();
      } while (!line.startsWith("serving on "));

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
    String err = read(stderr);
    assertThat(agent.exitValue()).as(err).isEqualTo(143);
    assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
    Matcher stopped = STOPPED.matcher(err);
    assertThat(stopped.find()).as(err).isTrue();
    assertThat(Long.parseLong(stopped.group(1))).isPositive();
  }

  private static String read(Path file) throws Exception {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  /** The class path of the running tests (Surefire names the real one in a property). */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
