package dev.tcpmap.capture.testnet;

import dev.tcpmap.core.model.IpAddress;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A traffic peer run inside a {@link TestNetwork} namespace ({@code ip netns exec NS java -cp …
 * dev.tcpmap.capture.testnet.TrafficPeer …}); see {@link TrafficCapture} for the harness.
 *
 * <pre>
 * server --control SOCKET --listen ADDR:PORT [--listen [V6ADDR]:PORT …]
 *     prints "ready", then "done ID" / "fail ID MESSAGE" per connection; stops when stdin ends
 * client --control SOCKET --plans FILE [--parallel N] [--limit-seconds S]
 *     runs the plans (one {@link ConnectionPlan} line each), prints one {@link ConnectionReport}
 *     line per plan, exits 0 once all have ended
 * </pre>
 *
 * <p>Exit status 2 with a message on stderr for bad arguments or a broken set-up.
 */
public final class TrafficPeer {
  private TrafficPeer() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try {
      if (args.length == 0) {
        throw new IllegalArgumentException("usage: TrafficPeer server|client OPTIONS");
      }
      Options options = Options.parse(args);
      switch (args[0]) {
        case "server" -> new PeerServer(options.control(), options.listen(), out).run(System.in);
        case "client" -> client(options, out);
        default -> throw new IllegalArgumentException("unknown mode: " + args[0]);
      }
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("TrafficPeer: " + e.getMessage());
      System.exit(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(2);
    }
  }

  private static void client(Options options, PrintStream out)
      throws IOException, InterruptedException {
    List<ConnectionPlan> plans = new ArrayList<>();
    for (String line : Files.readAllLines(options.plans())) {
      if (!line.isBlank()) {
        plans.add(ConnectionPlan.parse(line));
      }
    }
    new PeerClient(options.control(), plans, options.parallel(), out)
        .run(options.limitSeconds() * 1000L);
  }

  /** Command-line options of both modes. */
  private record Options(
      Path control, List<InetSocketAddress> listen, Path plans, int parallel, int limitSeconds) {

    static Options parse(String[] args) throws IOException {
      Path control = null;
      Path plans = null;
      int parallel = 4;
      int limitSeconds = 600;
      List<InetSocketAddress> listen = new ArrayList<>();
      for (int i = 1; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option needs a value: " + args[i]);
        }
        String value = args[i + 1];
        switch (args[i]) {
          case "--control" -> control = Path.of(value);
          case "--listen" -> listen.add(socketAddress(value));
          case "--plans" -> plans = Path.of(value);
          case "--parallel" -> parallel = Integer.parseInt(value);
          case "--limit-seconds" -> limitSeconds = Integer.parseInt(value);
          default -> throw new IllegalArgumentException("unknown option: " + args[i]);
        }
      }
      if (control == null || (args[0].equals("client") && plans == null)) {
        throw new IllegalArgumentException("--control (and for a client --plans) is required");
      }
      return new Options(control, listen, plans, parallel, limitSeconds);
    }

    /** {@code 192.0.2.1:80} or {@code [2001:db8::1]:80}; never a DNS lookup (literals only). */
    private static InetSocketAddress socketAddress(String text) throws IOException {
      int colon = text.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("not ADDRESS:PORT: " + text);
      }
      String host = text.substring(0, colon).replace("[", "").replace("]", "");
      byte[] bytes = IpAddress.parse(host).bytes();
      return new InetSocketAddress(
          InetAddress.getByAddress(bytes), Integer.parseInt(text.substring(colon + 1)));
    }
  }

  /** {@code ADDR:PORT} as {@link Options} reads it, brackets around IPv6. */
  static String listenArgument(InetSocketAddress address) {
    String host = IpAddress.of(address.getAddress().getAddress()).toString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
