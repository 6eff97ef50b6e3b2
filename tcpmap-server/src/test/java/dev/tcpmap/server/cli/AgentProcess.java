package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tcpmap agent} as a process of its own, on this JVM's class path, its stderr kept in a
 * file: for tests that signal it (SIGTERM, SIGKILL) as an init system would.
 */
final class AgentProcess {
  final Process process;
  final Path stderr;
  private final BufferedReader out;

  private AgentProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Starts {@code tcpmap agent ARGS} with a 256 MiB heap; its stderr goes to {@code stderr}. */
  static AgentProcess start(Path stderr, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-Xmx256m",
                "-cp",
                classPath(),
                Main.class.getName(),
                "agent"));
    command.addAll(List.of(args));
    return new AgentProcess(
        new ProcessBuilder(command).redirectError(stderr.toFile()).start(), stderr);
  }

  /** Reads its output up to the "serving on" line; the port it serves on. */
  int awaitServing() throws IOException {
    String line;
    do {
      line = out.readLine();
      assertThat(line).as("agent output ended; stderr: %s", stderrText()).isNotNull();
    } while (!line.startsWith("serving on "));
    return URI.create(line.substring("serving on ".length()).split(" ")[0]).getPort();
  }

  String stderrText() throws IOException {
    return Files.exists(stderr) ? Files.readString(stderr) : "";
  }

  /** The class path of the running tests (Surefire names the real one in a property). */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
