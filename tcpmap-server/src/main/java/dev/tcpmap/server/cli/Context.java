package dev.tcpmap.server.cli;

import dev.tcpmap.api.ApiServer;
import dev.tcpmap.ebpf.SocketSourceFactory;
import dev.tcpmap.ebpf.TracerSourceFactory;
import dev.tcpmap.packet.PacketCaptureFactory;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a command may touch of the outside world, passed in so that tests run commands in-process
 * with their own streams and environment.
 *
 * @param stderrIsTerminal whether progress bars may be drawn on {@code err}
 * @param onServing null to make a serving command wait for Ctrl-C; otherwise it is handed the
 *     running server and the command returns (tests query it, then close it)
 * @param sources opens the live agent's socket source
 * @param captures starts the live agent's packet capture
 * @param onShutdown takes what a serving command must do when the process is asked to stop
 *     (SIGTERM, SIGINT): a JVM shutdown hook in production; tests run it themselves
 */
record Context(
    PrintStream out,
    PrintStream err,
    Map<String, String> environment,
    boolean stderrIsTerminal,
    Consumer<ApiServer> onServing,
    SocketSourceFactory sources,
    PacketCaptureFactory captures,
    Consumer<Runnable> onShutdown) {

  static Context system() {
    return new Context(
        System.out,
        System.err,
        System.getenv(),
        Terminal.stderrIsTerminal(),
        null,
        new TracerSourceFactory(),
        PacketCaptureFactory.live(),
        hook -> Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(hook)));
  }
}
