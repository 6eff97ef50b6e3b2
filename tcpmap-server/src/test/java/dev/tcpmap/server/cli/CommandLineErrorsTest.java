package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 19, item 12: what a new user's mistakes get back. */
class CommandLineErrorsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "analyze",
        "analyze a.pcap b.pcap",
        "analyze --top x a.pcap",
        "analyze --frobnicate a.pcap",
        "agent extra",
        "frobnicate"
      })
  void badCommandLine_isOneLineAndExitCode2(String line) {
    CliRun run = CliRun.run(line.split(" "));

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err.lines()).singleElement().asString().contains("--help)");
    assertThat(run.out).isEmpty();
  }

  @Test
  void serve_onATakenPort_failsBeforeTheAnalysis() throws IOException {
    try (ServerSocketChannel taken = ServerSocketChannel.open()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();

      CliRun run =
          CliRun.run(
              "analyze",
              "--serve",
              "--port",
              Integer.toString(port),
              CliRun.demoCapture(dir).toString());

      assertThat(run.exitCode).isEqualTo(2);
      assertThat(run.out).as("no report: the file was not analyzed").isEmpty();
      assertThat(run.err.lines())
          .singleElement()
          .asString()
          .startsWith("tcpmap: cannot serve on 127.0.0.1:" + port + ": ")
          .contains("--bind/--port");
      assertThat(run.servers).isEmpty();
    }
  }

  @Test
  void report_fileNameWithTerminalEscapes_isPrintedEscaped() throws IOException {
    Path file = Files.move(CliRun.demoCapture(dir), dir.resolve("demo\u001b]0;owned\u0007.pcap"));

    CliRun run = CliRun.run("analyze", file.toString());

    assertThat(run.exitCode).isZero();
    assertThat(run.out).doesNotContain("\u001b").contains("demo\\x1b]0;owned\\x07.pcap");
  }

  @Test
  void error_fileNameWithLineBreak_staysOneLine() {
    CliRun run = CliRun.run("analyze", dir.resolve("no\nsuch\u001b[2J.pcap").toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err.lines())
        .singleElement()
        .asString()
        .startsWith("tcpmap: no such file: ")
        .endsWith("no\\x0asuch\\x1b[2J.pcap");
  }

  @Test
  void k8spacketLogLevel_isAccepted() throws IOException {
    CliRun run =
        CliRun.run(Map.of("LOG_LEVEL", "DEBUG"), "analyze", CliRun.demoCapture(dir).toString());

    assertThat(run.exitCode).isZero();
    assertThat(run.err).contains("using k8spacket setting LOG_LEVEL -> log.level");
  }

  @Test
  void invalidLogLevel_namesTheKeyAndTheChoices() throws IOException {
    CliRun run =
        CliRun.run(Map.of("LOG_LEVEL", "loud"), "analyze", CliRun.demoCapture(dir).toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err)
        .isEqualTo(
            "tcpmap: log.level (from LOG_LEVEL): not a log level: 'loud' (trace, debug, info,"
                + " warn or error)\n");
  }
}
