package dev.tcpmap.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP forwarder on a fixed loopback port that can be taken down (connections refused, open ones
 * cut) and brought up again: an API server that goes away and comes back.
 */
public final class TcpProxy implements AutoCloseable {
  private final int targetPort;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket listener;
  private Thread acceptor;

  public TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.port = freePortBelowTheEphemeralRange();
  }

  /**
   * A free port below Linux's ephemeral range (32768 and up): one from that range may be taken by a
   * client's outgoing connection while the proxy is down, and could not be bound again.
   */
  private static int freePortBelowTheEphemeralRange() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int candidate = ThreadLocalRandom.current().nextInt(20_000, 32_000);
      try (ServerSocket probe = new ServerSocket(candidate, 50, InetAddress.getLoopbackAddress())) {
        return probe.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port in 20000-32000");
  }

  public int port() {
    return port;
  }

  public synchronized void up() throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    // Still bound for a moment after down() if the kernel has not let go of the old listener yet
    // (seen once in CI); a few tries, then the error.
    for (int attempt = 1; ; attempt++) {
      try {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        break;
      } catch (BindException e) {
        if (attempt == 50) {
          s.close();
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          s.close();
          throw e;
        }
      }
    }
    listener = s;
    acceptor = Thread.ofVirtual().start(() -> accept(s));
  }

  public synchronized void down() throws IOException {
    if (listener != null) {
      listener.close();
      listener = null;
      // A close while a (virtual) thread is blocked in accept() releases the port only when that
      // thread has let go of the socket: wait for it, or a quick up() finds the port still bound.
      try {
        acceptor.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Socket s : open) {
      s.close();
    }
    open.clear();
  }

  @Override
  public void close() throws IOException {
    down();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        open.add(client);
        open.add(server);
        Thread.ofVirtual().start(() -> pipe(client, server));
        Thread.ofVirtual().start(() -> pipe(server, client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException | UncheckedIOException cut) {
      // one side went away: close both below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
