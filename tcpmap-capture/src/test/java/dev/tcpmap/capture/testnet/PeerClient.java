package dev.tcpmap.capture.testnet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The client role of {@link TrafficPeer}: runs a list of {@link ConnectionPlan}s with up to {@code
 * parallel} connections at a time, registering each with the server (over its control socket)
 * between connect and the first byte, and prints one {@link ConnectionReport} line per plan.
 */
final class PeerClient {
  /** Long enough for one SYN retransmission (initial RTO 1 s, RFC 6298) to be captured. */
  private static final int TIMEOUT_CONNECT_MILLIS = 1_500;

  private static final int CONNECT_MILLIS = 10_000;
  private static final int IDLE_TIMEOUT_MILLIS = 30_000;

  private final Path control;
  private final List<ConnectionPlan> plans;
  private final int parallel;
  private final PrintStream out;
  private SocketChannel controlChannel;
  private BufferedReader controlIn;
  private OutputStream controlOut;

  PeerClient(Path control, List<ConnectionPlan> plans, int parallel, PrintStream out) {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel must be at least 1: " + parallel);
    }
    this.control = control;
    this.plans =
        plans.stream().sorted(Comparator.comparingLong(ConnectionPlan::startMillis)).toList();
    this.parallel = parallel;
    this.out = out;
  }

  /** Runs every plan; returns once all have ended (or after {@code limitMillis}). */
  void run(long limitMillis) throws IOException, InterruptedException {
    long start = System.nanoTime();
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(control));
      controlChannel = channel;
      controlIn =
          new BufferedReader(
              new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.US_ASCII));
      controlOut = Channels.newOutputStream(channel);
      try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
        for (ConnectionPlan plan : plans) {
          pool.execute(() -> out.println(runAt(plan, start).toLine()));
        }
        pool.shutdown();
        if (!pool.awaitTermination(limitMillis, TimeUnit.MILLISECONDS)) {
          pool.shutdownNow();
          throw new IOException("plans still running after " + limitMillis + " ms");
        }
      }
    }
  }

  private ConnectionReport runAt(ConnectionPlan plan, long startNanos) {
    long wait = plan.startMillis() - (System.nanoTime() - startNanos) / 1_000_000;
    try {
      if (wait > 0) {
        Thread.sleep(wait);
      }
      return connect(plan);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return report(plan, 0, 0, 0, "error:interrupted");
    }
  }

  private ConnectionReport connect(ConnectionPlan plan) {
    int port = 0;
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByAddress(plan.client().bytes()), 0));
      port = socket.getLocalPort();
      InetSocketAddress server =
          new InetSocketAddress(InetAddress.getByAddress(plan.server().bytes()), plan.serverPort());
      try {
        int limit = plan.ending() == Ending.TIMEOUT ? TIMEOUT_CONNECT_MILLIS : CONNECT_MILLIS;
        socket.connect(server, limit);
      } catch (ConnectException e) {
        return report(
            plan, port, 0, 0, e.getMessage().contains("refused") ? "refused" : "error:" + e);
      } catch (SocketTimeoutException e) {
        return report(plan, port, 0, 0, "timeout");
      }
      if (!plan.ending().connects()) {
        return report(plan, port, 0, 0, "error:connected");
      }
      register(plan, port);
      socket.setSoTimeout(IDLE_TIMEOUT_MILLIS + (int) plan.holdMillis());
      socket.setTcpNoDelay(true);
      String ended = follow(plan, socket);
      return report(plan, port, plan.clientBytes(), plan.serverBytes(), ended);
    } catch (IOException | RuntimeException e) {
      return report(plan, port, 0, 0, "error:" + e.toString().replace('\n', ' '));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return report(plan, port, 0, 0, "error:interrupted");
    }
  }

  /** The client's half of each {@link Ending}; returns how it ended from this side. */
  private static String follow(ConnectionPlan plan, Socket socket)
      throws IOException, InterruptedException {
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    switch (plan.ending()) {
      case HALF_CLOSE -> {
        Exchange.write(out, plan.clientBytes());
        socket.shutdownOutput();
        Exchange.read(in, plan.serverBytes());
        Exchange.expectEnd(in);
      }
      case CLIENT_CLOSE -> {
        rounds(plan, in, out);
        Thread.sleep(plan.holdMillis());
      }
      case SERVER_CLOSE -> {
        rounds(plan, in, out);
        Exchange.expectEnd(in);
      }
      case CLIENT_RESET -> {
        rounds(plan, in, out);
        Thread.sleep(plan.holdMillis());
        socket.setSoLinger(true, 0);
      }
      case SERVER_RESET -> {
        rounds(plan, in, out);
        socket.shutdownOutput();
        Exchange.expectReset(in);
      }
      case REFUSED, TIMEOUT -> throw new IOException("connected although planned not to");
    }
    return plan.ending().clientView();
  }

  private static void rounds(ConnectionPlan plan, InputStream in, OutputStream out)
      throws IOException {
    for (int round = 0; round < plan.effectiveRounds(); round++) {
      Exchange.write(out, plan.share(plan.clientBytes(), round));
      Exchange.read(in, plan.share(plan.serverBytes(), round));
    }
  }

  /** Tells the server which plan the connection from {@code clientPort} follows; waits for "ok". */
  private synchronized void register(ConnectionPlan plan, int clientPort) throws IOException {
    controlOut.write((clientPort + " " + plan.toLine() + "\n").getBytes(StandardCharsets.US_ASCII));
    String answer = controlIn.readLine();
    if (!"ok".equals(answer)) {
      throw new SocketException("control socket " + controlChannel + " answered " + answer);
    }
  }

  private static ConnectionReport report(
      ConnectionPlan plan, int port, long sent, long received, String ended) {
    return new ConnectionReport(
        plan.id(), plan.client(), port, plan.server(), plan.serverPort(), sent, received, ended);
  }
}
