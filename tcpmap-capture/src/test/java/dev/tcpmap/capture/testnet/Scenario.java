package dev.tcpmap.capture.testnet;

import dev.tcpmap.capture.testnet.TestNetwork.Side;
import dev.tcpmap.core.model.IpAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A list of planned connections and the check of what the clients reported against it.
 *
 * <p>Expected client ports are only known once a client has run (the kernel picks them), so {@link
 * #expected(List)} turns the clients' reports into the connections an observer must find, after
 * checking that every report matches its plan exactly.
 */
public record Scenario(List<ConnectionPlan> plans) {

  public Scenario {
    plans = List.copyOf(plans);
    Set<Integer> ids = new HashSet<>();
    for (ConnectionPlan plan : plans) {
      if (!ids.add(plan.id())) {
        throw new IllegalArgumentException("duplicate plan id: " + plan.id());
      }
    }
    Set<String> listened = new HashSet<>();
    for (ConnectionPlan plan : plans) {
      if (plan.ending().connects()) {
        listened.add(plan.server() + " " + plan.serverPort());
      }
    }
    for (ConnectionPlan plan : plans) {
      if (plan.ending() == Ending.REFUSED
          && listened.contains(plan.server() + " " + plan.serverPort())) {
        throw new IllegalArgumentException(
            "plan " + plan.id() + " must be refused on a listened port");
      }
    }
  }

  /**
   * The test mix: IPv4 and IPv6, every ending, payloads from 0 B to several MB each way (with sizes
   * around one full segment), several client hosts and server ports, 44 connections. Needs at least
   * 3 hosts on side A and 2 on side B.
   */
  public static Scenario standard(TestNetwork network) {
    long[][] sizes = {{0, 0}, {1, 1448}, {1449, 100_000}, {3_000_000, 17}, {65_536, 5_000_000}};
    Ending[] endings = {
      Ending.CLIENT_CLOSE,
      Ending.SERVER_CLOSE,
      Ending.HALF_CLOSE,
      Ending.CLIENT_RESET,
      Ending.SERVER_RESET
    };
    int[] ports = {8080, 5432};
    List<ConnectionPlan> plans = new ArrayList<>();
    for (boolean v6 : new boolean[] {false, true}) {
      for (int e = 0; e < endings.length; e++) {
        for (int s = 0; s < 4; s++) {
          long[] size = sizes[(e + s) % sizes.length];
          IpAddress client = address(network, Side.A, plans.size() % 3, v6);
          IpAddress server = address(network, Side.B, s % 2, v6);
          int rounds = s == 1 ? 3 : 1;
          plans.add(
              ConnectionPlan.of(
                  plans.size(),
                  endings[e],
                  client,
                  server,
                  ports[s % 2],
                  size[0],
                  size[1],
                  rounds));
        }
      }
      IpAddress client = address(network, Side.A, 0, v6);
      plans.add(
          ConnectionPlan.of(
              plans.size(), Ending.REFUSED, client, address(network, Side.B, 0, v6), 9, 0, 0, 1));
      plans.add(
          ConnectionPlan.of(
              plans.size(), Ending.TIMEOUT, client, network.unreachable(v6), 443, 0, 0, 1));
    }
    return new Scenario(plans);
  }

  /** The plans whose client is on {@code side}. */
  public List<ConnectionPlan> clientsOn(TestNetwork network, Side side) {
    return plans.stream().filter(p -> network.sideOf(p.client()) == side).toList();
  }

  /** The distinct server sockets on {@code side} that must listen (refused ones excluded). */
  public List<InetSocketAddress> listenersOn(TestNetwork network, Side side)
      throws UnknownHostException {
    Set<String> seen = new LinkedHashSet<>();
    List<InetSocketAddress> out = new ArrayList<>();
    for (ConnectionPlan plan : plans) {
      if (plan.ending().connects()
          && network.sideOf(plan.server()) == side
          && seen.add(plan.server() + " " + plan.serverPort())) {
        out.add(
            new InetSocketAddress(
                InetAddress.getByAddress(plan.server().bytes()), plan.serverPort()));
      }
    }
    return out;
  }

  /**
   * The connections an observer must report, given the clients' reports. Fails with the first
   * mismatch if a plan has no report, more than one, or a report that differs from its plan.
   */
  public List<ExpectedConnection> expected(List<ConnectionReport> reports) {
    Map<Integer, ConnectionReport> byId = new HashMap<>();
    for (ConnectionReport report : reports) {
      if (byId.put(report.id(), report) != null) {
        throw new IllegalStateException("two reports for plan " + report.id());
      }
    }
    List<ExpectedConnection> out = new ArrayList<>();
    for (ConnectionPlan plan : plans) {
      ConnectionReport report = byId.get(plan.id());
      if (report == null) {
        throw new IllegalStateException("no report for plan " + plan.toLine());
      }
      check(plan, report);
      out.add(
          new ExpectedConnection(
              plan.id(),
              plan.client(),
              report.clientPort(),
              plan.server(),
              plan.serverPort(),
              plan.clientBytes(),
              plan.serverBytes(),
              plan.ending().outcome()));
    }
    return out;
  }

  private static void check(ConnectionPlan plan, ConnectionReport report) {
    String ended = plan.ending().clientView();
    boolean matches =
        report.client().equals(plan.client())
            && report.server().equals(plan.server())
            && report.serverPort() == plan.serverPort()
            && report.sent() == plan.clientBytes()
            && report.received() == plan.serverBytes()
            && report.ended().equals(ended);
    if (!matches) {
      throw new IllegalStateException(
          "client report differs from its plan (expected end "
              + ended
              + "):\n  plan   "
              + plan.toLine()
              + "\n  report "
              + report.toLine());
    }
  }

  private static IpAddress address(TestNetwork network, Side side, int host, boolean v6) {
    return v6 ? network.v6(side, host) : network.v4(side, host);
  }
}
