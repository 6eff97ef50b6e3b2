package dev.tcpmap.server.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * What a command may touch of the outside world, passed in so that tests run commands in-process
 * with their own streams and environment.
 *
 * @param stderrIsTerminal whether progress bars may be drawn on {@code err}
 * @param onServing null to make a serving command wait for Ctrl-C; otherwise it is handed the
 *     running server and the command returns (tests query it, then close it)
 */
record Context(
    PrintStream out,
    PrintStream err,
    Map<String, String> environment,
    boolean stderrIsTerminal,
    java.util.function.Consumer<dev.tcpmap.server.api.ApiServer> onServing) {

  static Context system() {
    return new Context(System.out, System.err, System.getenv(), Terminal.stderrIsTerminal(), null);
  }
}
