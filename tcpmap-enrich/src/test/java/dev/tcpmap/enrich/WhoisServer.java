package dev.tcpmap.enrich;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A whois server on loopback (RFC 3912): reads one query line, writes the answer for it, closes.
 * Keeps every query it got, so that a test can say what was never asked.
 */
final class WhoisServer implements AutoCloseable {
  private final ServerSocket socket;
  final List<String> queries = new CopyOnWriteArrayList<>();

  WhoisServer(UnaryOperator<String> answer) throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Socket client = socket.accept();
                  Thread.ofVirtual().start(() -> serve(client, answer));
                } catch (IOException e) {
                  return; // closed
                }
              }
            });
  }

  private void serve(Socket client, UnaryOperator<String> answer) {
    try (client) {
      String query =
          new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      queries.add(query);
      String text = answer.apply(query);
      if (text == null) {
        Thread.sleep(10_000); // never answers (the test's timeout is far shorter)
        return;
      }
      OutputStream out = client.getOutputStream();
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException | InterruptedException e) {
      // The client gave up: nothing to answer.
    }
  }

  int port() {
    return socket.getLocalPort();
  }

  String hostPort() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
