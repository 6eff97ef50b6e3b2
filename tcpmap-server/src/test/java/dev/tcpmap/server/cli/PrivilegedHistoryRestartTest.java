package dev.tcpmap.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tcpmap.core.testing.Privileged;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tcpmap agent} as its own process, killed with SIGKILL while connections are made, then
 * started again on the same data directory: every connection made up to the last bucket it had
 * completed is in the history, exactly, with its bytes.
 */
@Tag("privileged")
class PrivilegedHistoryRestartTest {
  private static final long BUCKET = 10_000;

  /** A bucket is written at most grace (2 s) + a tick (1 s) after it ends; 1.5 s to spare. */
  private static final long WRITTEN_WITHIN = 4_500;

  private static final int PAYLOAD = 100;

  @TempDir Path work;

  @Test
  void sigkillMidTraffic_restart_keepsEveryConnectionUpToTheLastCompletedBucket() throws Exception {
    Privileged.requireRoot();
    Path data = work.resolve("data");
    List<Long> starts = new ArrayList<>();
    long killedAt;
    int port;
    try (ServerSocket listener = new ServerSocket()) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      port = listener.getLocalPort();
      Thread.ofVirtual().start(() -> drain(listener));
      AgentProcess started = start(data, "first");
      Process first = started.process;
      try {
        started.awaitServing();
        // About 28 s of connections, none within 700 ms of a bucket's edge, so that the kernel's
        // start time and the one noted here fall in the same bucket.
        long until = System.currentTimeMillis() + 28_000;
        while (System.currentTimeMillis() < until) {
          long now = System.currentTimeMillis();
          long intoBucket = now % BUCKET;
          if (intoBucket > 700 && intoBucket < BUCKET - 700) {
            starts.add(now);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
              s.getOutputStream().write(new byte[PAYLOAD]);
            }
          }
          Thread.sleep(100);
        }
        killedAt = System.currentTimeMillis();
        first.destroyForcibly(); // SIGKILL: nothing runs at exit
        assertThat(first.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);
      } finally {
        first.destroyForcibly();
      }
    }
    long from = Math.floorDiv(starts.getFirst(), BUCKET) * BUCKET;
    long to = Math.floorDiv(killedAt - WRITTEN_WITHIN, BUCKET) * BUCKET;
    long expected = starts.stream().filter(t -> t >= from && t < to).count();
    assertThat(expected).as("connections in completed buckets").isGreaterThan(20);

    AgentProcess restarted = start(data, "second");
    Process second = restarted.process;
    try {
      int api = restarted.awaitServing();
      JsonNode graph = get(api, "/api/v1/graph?from=" + from + "&to=" + to);
      long connections = 0;
      long bytes = 0;
      for (JsonNode e : graph.get("edges")) {
        if (e.get("serverPort").asInt() == port) {
          connections += e.get("connections").asLong();
          bytes += e.get("bytesSent").asLong();
        }
      }
      assertThat(connections).as(graph.toString()).isEqualTo(expected);
      assertThat(bytes).isEqualTo(expected * PAYLOAD);
      assertThat(graph.get("from").asLong()).isEqualTo(from);
      assertThat(graph.has("effectiveFrom")).as("aligned: not widened").isFalse();
      JsonNode status = get(api, "/api/v1/status");
      assertThat(status.toString()).contains("\"history\"").contains(data.toString());
    } finally {
      second.destroy();
      second.waitFor(15, TimeUnit.SECONDS);
      second.destroyForcibly();
    }
  }

  private AgentProcess start(Path data, String name) throws Exception {
    return AgentProcess.start(
        work.resolve(name + ".stderr"),
        "--port",
        "0",
        "--interfaces",
        "none",
        "--data-dir",
        data.toString());
  }

  private static JsonNode get(int port, String path) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return new ObjectMapper().readTree(response.body());
    }
  }

  private static void drain(ServerSocket listener) {
    while (!listener.isClosed()) {
      try {
        Socket s = listener.accept();
        Thread.ofVirtual()
            .start(
                () -> {
                  try (s;
                      InputStream in = s.getInputStream()) {
                    in.readAllBytes();
                  } catch (Exception e) {
                    // the client is gone: nothing to serve
                  }
                });
      } catch (Exception e) {
        return;
      }
    }
  }
}
