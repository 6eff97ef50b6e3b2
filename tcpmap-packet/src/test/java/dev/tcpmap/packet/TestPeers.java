package dev.tcpmap.packet;

import dev.tcpmap.capture.testnet.Commands;
import dev.tcpmap.capture.testnet.TestNetwork;
import dev.tcpmap.capture.testnet.TestNetwork.Side;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@link LivePeer} JVMs in the test network: the server on side B (killed on close), the client on
 * side A (run to its end). Children use this JVM's {@code java} and test class path.
 */
final class TestPeers implements AutoCloseable {
  private final TestNetwork network;
  private final Path dir;
  private Process server;

  TestPeers(TestNetwork network, Path dir) {
    this.network = network;
    this.dir = dir;
  }

  /** Starts the server and returns when it listens. */
  void startServer() throws IOException {
    server =
        new ProcessBuilder(network.inNamespace(Side.B, java("server")))
            .redirectError(dir.resolve("server.stderr").toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!"ready".equals(line)) {
      throw new IOException("LivePeer server did not start: " + line);
    }
  }

  /** Runs the client against {@code addresses} to its end (at most a minute). */
  void runClient(String... addresses) throws IOException {
    List<String> argv = java("client");
    argv.addAll(List.of(addresses));
    Commands.run(Duration.ofMinutes(1), network.inNamespace(Side.A, argv));
  }

  static List<String> java(String... args) {
    List<String> argv =
        Commands.java(
            LivePeer.class, "-Xmx128m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED");
    argv.addAll(List.of(args));
    return argv;
  }

  @Override
  public void close() {
    if (server != null) {
      server.destroyForcibly();
    }
  }
}
