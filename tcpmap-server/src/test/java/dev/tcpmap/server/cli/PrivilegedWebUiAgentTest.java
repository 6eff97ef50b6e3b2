package dev.tcpmap.server.cli;

import static dev.tcpmap.server.cli.ApiPolls.await;
import static dev.tcpmap.server.cli.UiBrowser.apiEdgeId;
import static dev.tcpmap.server.cli.UiBrowser.drawsWhatTheApiAnswers;
import static dev.tcpmap.server.cli.UiBrowser.edgeIds;
import static dev.tcpmap.server.cli.UiBrowser.screenshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import dev.tcpmap.api.ApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The web UI in Debian's Chromium against the live agent on the real eBPF socket tracer: loopback
 * connections this test makes (three answered, one refused) appear on the map as the API answers
 * them, a click on the refused one shows it failed, and the status view shows the tracer running.
 * The host is shared, so the page is compared with the API answers read just before and after it,
 * for a window that ended after the test's traffic, until both answers agree.
 */
@Tag("privileged")
class PrivilegedWebUiAgentTest {
  private static final int CALLS = 3;

  @Test
  void liveAgent_mapDetailsAndStatus() throws Exception {
    CliRun run = CliRun.tracedAgent("--iterate-every", "500ms");
    try (UiBrowser browser = new UiBrowser();
        ServerSocket listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
      ApiServer server = run.server();
      long from = System.currentTimeMillis() - 1_000;
      int port = listener.getLocalPort();
      int closed = closedPort();
      Thread answering = Thread.ofVirtual().start(() -> answer(listener));
      for (int i = 0; i < CALLS; i++) {
        call(port);
      }
      refused(closed);
      answering.join();
      JsonNode seen =
          await(
              server,
              "/api/v1/graph",
              g -> endedTo(g, port, "closed") == CALLS && endedTo(g, closed, "refused") == 1);
      long to = System.currentTimeMillis() + 1_000;
      String window = "?range=custom&from=" + from + "&to=" + to;
      String apiWindow = "/api/v1/graph?from=" + from + "&to=" + to;

      Page page = browser.page();
      TreeSet<String> drawn =
          edgeIds(
              drawsWhatTheApiAnswers(
                  page, server, "http://127.0.0.1:" + server.port() + "/" + window, apiWindow));
      String refusedEdge = edgeTo(seen, closed);
      assertThat(drawn).contains(edgeTo(seen, port), refusedEdge);
      screenshot(page, "agent-map");

      UiBrowser.click(page, refusedEdge);
      page.waitForFunction(
          "id => document.getElementById('details').dataset.loaded === 'edge:' + id", refusedEdge);
      assertThat(page.locator("#details tr[data-outcome=refused] td.num").first().textContent())
          .isEqualTo("1");
      screenshot(page, "agent-details");

      UiBrowser.andWait(page, () -> page.keyboard().press("s"));
      assertThat(page.locator("#sources").textContent()).contains("socket-tracer");
      assertThat(page.locator("#status-view h2").first().textContent()).startsWith("Agent ");
      screenshot(page, "agent-status");
      browser.closePages();
      browser.assertNoConsoleErrors();
    } finally {
      run.closeServers();
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void answer(ServerSocket listener) {
    for (int i = 0; i < CALLS; i++) {
      try (Socket s = listener.accept();
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream()) {
        in.readNBytes(100);
        out.write(new byte[1_000]);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static void call(int port) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.getOutputStream().write(new byte[100]);
      s.getInputStream().readNBytes(1_000);
    }
  }

  private static void refused(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
      throw new AssertionError("port " + port + " answered");
    } catch (ConnectException expected) {
      // the refusal is the traffic this test makes
    }
  }

  /** The connections to {@code port} on the graph's edges that ended with {@code outcome}. */
  private static int endedTo(JsonNode graph, int port, String outcome) {
    int n = 0;
    for (JsonNode e : graph.get("edges")) {
      if (e.get("serverPort").asInt() == port) {
        n += e.get("outcomes").get(outcome).asInt();
      }
    }
    return n;
  }

  private static String edgeTo(JsonNode graph, int port) {
    for (JsonNode e : graph.get("edges")) {
      if (e.get("serverPort").asInt() == port) {
        return apiEdgeId(e);
      }
    }
    throw new AssertionError("no edge to port " + port);
  }
}
