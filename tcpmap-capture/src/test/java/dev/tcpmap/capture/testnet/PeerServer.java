package dev.tcpmap.capture.testnet;

import dev.tcpmap.core.model.IpAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The server role of {@link TrafficPeer}: listens on TCP sockets and follows, for each accepted
 * connection, the plan its client registered over a Unix-domain control socket (keyed by the
 * 4-tuple). Prints {@code ready} once listening, then {@code done ID} or {@code fail ID MESSAGE}
 * per connection. Runs until its stdin ends. One virtual thread per connection.
 */
final class PeerServer {
  /** How long an accepted connection waits for its plan to arrive over the control socket. */
  private static final long PLAN_WAIT_MILLIS = 10_000;

  private static final int IDLE_TIMEOUT_MILLIS = 30_000;

  private final Path control;
  private final List<InetSocketAddress> listen;
  private final PrintStream out;
  private final ConcurrentHashMap<String, CompletableFuture<ConnectionPlan>> plans =
      new ConcurrentHashMap<>();

  PeerServer(Path control, List<InetSocketAddress> listen, PrintStream out) {
    this.control = control;
    this.listen = List.copyOf(listen);
    this.out = out;
  }

  /** Serves until {@code stdin} ends. */
  void run(InputStream stdin) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try (ServerSocketChannel controlServer =
        ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      controlServer.bind(UnixDomainSocketAddress.of(control));
      for (InetSocketAddress address : listen) {
        ServerSocket socket = new ServerSocket();
        sockets.add(socket);
        socket.setReuseAddress(true);
        socket.bind(address, 4096);
        Thread.startVirtualThread(() -> acceptLoop(socket));
      }
      Thread.startVirtualThread(() -> controlLoop(controlServer));
      out.println("ready");
      out.flush();
      while (stdin.read() >= 0) {
        // The harness never writes; the end of stdin is the signal to stop.
      }
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  private void acceptLoop(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread.startVirtualThread(() -> serve(socket));
      } catch (IOException e) {
        if (!server.isClosed()) {
          out.println("fail ? accept: " + e);
        }
      }
    }
  }

  private void controlLoop(ServerSocketChannel server) {
    while (server.isOpen()) {
      try {
        SocketChannel channel = server.accept();
        Thread.startVirtualThread(() -> register(channel));
      } catch (IOException e) {
        if (server.isOpen()) {
          out.println("fail ? control: " + e);
        }
      }
    }
  }

  /** Lines {@code CLIENTPORT PLAN}; each is answered with {@code ok} once stored. */
  private void register(SocketChannel channel) {
    try (channel;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(
                    Channels.newInputStream(channel), StandardCharsets.US_ASCII));
        OutputStream ack = Channels.newOutputStream(channel)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int space = line.indexOf(' ');
        int clientPort = Integer.parseInt(line.substring(0, space));
        ConnectionPlan plan = ConnectionPlan.parse(line.substring(space + 1));
        String key = key(plan.client(), clientPort, plan.server(), plan.serverPort());
        plans.computeIfAbsent(key, k -> new CompletableFuture<>()).complete(plan);
        ack.write("ok\n".getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException | RuntimeException e) {
      out.println("fail ? control: " + e);
    }
  }

  private void serve(Socket socket) {
    String key =
        key(
            address(socket.getRemoteSocketAddress()),
            socket.getPort(),
            address(socket.getLocalSocketAddress()),
            socket.getLocalPort());
    String id = "?";
    try (socket) {
      ConnectionPlan plan =
          plans
              .computeIfAbsent(key, k -> new CompletableFuture<>())
              .get(PLAN_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      plans.remove(key);
      id = String.valueOf(plan.id());
      socket.setSoTimeout(IDLE_TIMEOUT_MILLIS + (int) plan.holdMillis());
      socket.setTcpNoDelay(true);
      follow(plan, socket);
    } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
      out.println("fail " + id + " " + key + ": " + e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    out.println("done " + id);
  }

  /** The server's half of each {@link Ending}; the socket is closed by the caller. */
  private static void follow(ConnectionPlan plan, Socket socket)
      throws IOException, InterruptedException {
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    switch (plan.ending()) {
      case HALF_CLOSE -> {
        Exchange.read(in, plan.clientBytes());
        Exchange.expectEnd(in);
        Exchange.write(out, plan.serverBytes());
        Thread.sleep(plan.holdMillis());
      }
      case CLIENT_CLOSE -> {
        rounds(plan, in, out);
        Exchange.expectEnd(in);
      }
      case SERVER_CLOSE -> {
        rounds(plan, in, out);
        Thread.sleep(plan.holdMillis());
      }
      case CLIENT_RESET -> {
        rounds(plan, in, out);
        Exchange.expectReset(in);
      }
      case SERVER_RESET -> {
        rounds(plan, in, out);
        Exchange.expectEnd(in);
        Thread.sleep(plan.holdMillis());
        socket.setSoLinger(true, 0);
      }
      case REFUSED, TIMEOUT ->
          throw new IOException("accepted a connection planned not to connect");
    }
  }

  private static void rounds(ConnectionPlan plan, InputStream in, OutputStream out)
      throws IOException {
    for (int round = 0; round < plan.effectiveRounds(); round++) {
      Exchange.read(in, plan.share(plan.clientBytes(), round));
      Exchange.write(out, plan.share(plan.serverBytes(), round));
    }
  }

  static String key(IpAddress client, int clientPort, IpAddress server, int serverPort) {
    return client + " " + clientPort + " " + server + " " + serverPort;
  }

  private static IpAddress address(SocketAddress socketAddress) {
    return IpAddress.of(((InetSocketAddress) socketAddress).getAddress().getAddress());
  }
}
