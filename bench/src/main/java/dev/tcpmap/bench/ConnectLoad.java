package dev.tcpmap.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A load generator for the socket tracer's overhead: short TCP connections on loopback, and many
 * idle live ones.
 *
 * <pre>
 * ConnectLoad burst SECONDS THREADS      as many connections as it can; prints "rate R" (per second)
 * ConnectLoad steady SECONDS RATE        RATE connections per second, paced; prints "rate R"
 * ConnectLoad hold COUNT SECONDS         opens COUNT connections, prints "ready", keeps them for
 *                                        SECONDS, then closes them
 * </pre>
 *
 * <p>Each short connection is one request byte and one answer byte, and the server closes first:
 * the server's side lingers in TIME_WAIT (keyed by the 4-tuple) instead of the client's, so the
 * client's ephemeral ports do not run out. Runs stop by themselves.
 */
public final class ConnectLoad {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final int HOLD_PORTS = 16;

  private ConnectLoad() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BenchArgs.usageUnless(
        args.length >= 2,
        "ConnectLoad burst SECONDS THREADS | steady SECONDS RATE | hold N SECONDS");
    switch (args[0]) {
      case "burst" -> out.printf("rate %.0f%n", burst(seconds(args[1]), positive(args[2])));
      case "steady" -> out.printf("rate %.0f%n", steady(seconds(args[1]), positive(args[2])));
      case "hold" -> hold(positive(args[1]), seconds(args[2]), out);
      default -> BenchArgs.refuse("ConnectLoad: unknown mode " + args[0]);
    }
  }

  private static double burst(double seconds, int threads) throws Exception {
    try (Responder responder = new Responder(threads)) {
      LongAdder done = new LongAdder();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        clients.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      while (!stop.get()) {
                        exchange(responder.port());
                        done.increment();
                      }
                    }));
      }
      long start = System.nanoTime();
      Thread.sleep((long) (seconds * 1000));
      stop.set(true);
      for (Thread t : clients) {
        t.join();
      }
      return done.sum() / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static double steady(double seconds, int rate) throws Exception {
    try (Responder responder = new Responder(2)) {
      long interval = 1_000_000_000L / rate;
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      long next = start;
      long done = 0;
      while (next < end) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        exchange(responder.port());
        done++;
        next += interval;
      }
      return done / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static void hold(int count, double seconds, PrintStream out) throws IOException {
    List<ServerSocketChannel> listeners = new ArrayList<>();
    List<SocketChannel> ends = new ArrayList<>(2 * count);
    try {
      for (int i = 0; i < HOLD_PORTS; i++) {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(LOOPBACK, 0), 4096);
        listeners.add(listener);
      }
      for (int i = 0; i < count; i++) {
        ServerSocketChannel listener = listeners.get(i % HOLD_PORTS);
        ends.add(SocketChannel.open(listener.getLocalAddress()));
        ends.add(listener.accept());
      }
      out.println("ready");
      Thread.sleep((long) (seconds * 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      for (SocketChannel end : ends) {
        end.close();
      }
      for (ServerSocketChannel listener : listeners) {
        listener.close();
      }
    }
  }

  private static void exchange(int port) {
    try (Socket socket = new Socket(LOOPBACK, port)) {
      socket.getOutputStream().write(1);
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // the answer byte, then the server's FIN
      }
    } catch (IOException e) {
      throw new IllegalStateException("loopback connection failed: " + e.getMessage(), e);
    }
  }

  /** Accepts, reads the request byte, answers one byte, closes first. */
  private static final class Responder implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Thread> acceptors = new ArrayList<>();

    Responder(int threads) throws IOException {
      listener = new ServerSocket();
      listener.bind(new InetSocketAddress(LOOPBACK, 0), 4096);
      for (int i = 0; i < threads; i++) {
        acceptors.add(Thread.ofPlatform().daemon().start(this::serve));
      }
    }

    int port() {
      return listener.getLocalPort();
    }

    private void serve() {
      while (!listener.isClosed()) {
        try (Socket socket = listener.accept()) {
          if (socket.getInputStream().read() >= 0) {
            socket.getOutputStream().write(2);
          }
        } catch (SocketException e) {
          // closed listener (the end of a run) or a peer gone: nothing to answer
        } catch (IOException e) {
          System.err.println("ConnectLoad: " + e.getMessage());
        }
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }
  }

  private static double seconds(String s) {
    double value = Double.parseDouble(s);
    if (!(value > 0 && value <= 600)) {
      throw new IllegalArgumentException("seconds must be in (0, 600]: " + s);
    }
    return value;
  }

  private static int positive(String s) {
    int value = Integer.parseInt(s);
    if (value < 1) {
      throw new IllegalArgumentException("must be positive: " + s);
    }
    return value;
  }
}
