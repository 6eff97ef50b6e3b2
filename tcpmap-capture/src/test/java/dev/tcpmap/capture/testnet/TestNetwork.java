package dev.tcpmap.capture.testnet;

import dev.tcpmap.core.model.IpAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two network namespaces, side {@link Side#A} and side {@link Side#B}, joined by one veth pair, for
 * tests that need real TCP traffic and a real kernel.
 *
 * <pre>
 *   namespace tcpmap-PID-N-a                      namespace tcpmap-PID-N-b
 *   ┌───────────────────────────┐                 ┌───────────────────────────┐
 *   │ tm-PID-N-a                │     veth pair   │ tm-PID-N-b                │
 *   │  192.0.2.1 …  /24         ├─────────────────┤  198.51.100.1 …  /24      │
 *   │  2001:db8:a::1 …  /64     │                 │  2001:db8:b::1 …  /64     │
 *   └───────────────────────────┘                 └───────────────────────────┘
 * </pre>
 *
 * <p>Addresses come from the documentation ranges (RFC 5737, RFC 3849), one subnet per side with an
 * on-link route to the other, so that each side can hold several "hosts". IPv6 addresses are added
 * with {@code nodad} so they are usable at once (duplicate address detection would hold them
 * "tentative" for about a second). Offloads are off on both ends (TSO/GSO/GRO would put 64 KB
 * super-frames into a capture instead of wire segments, and TX checksum offload partial checksums).
 *
 * <p>{@link #unreachable(boolean)} is an address routed into the veth that nobody holds: a static
 * neighbour entry sends its packets to side B's MAC, and a blackhole route on side B drops them
 * silently, so a SYN to it is never answered — the "timeout" case without iptables or nft.
 *
 * <p>{@link #close()} deletes both namespaces (and with them the veth); {@link #create} first
 * deletes namespaces left by an earlier run whose process is gone. Not thread-safe; one owner.
 */
public final class TestNetwork implements AutoCloseable {
  /** One end of the veth pair. */
  public enum Side {
    A,
    B;

    public Side other() {
      return this == A ? B : A;
    }
  }

  private static final String PREFIX = "tcpmap-";
  private static final Pattern OURS = Pattern.compile("^tcpmap-(\\d+)-\\d+-[ab]\\b.*");
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final String name;
  private final int hostsA;
  private final int hostsB;
  private final List<String> created = new ArrayList<>();

  private TestNetwork(String name, int hostsA, int hostsB) {
    this.name = name;
    this.hostsA = hostsA;
    this.hostsB = hostsB;
  }

  /**
   * Creates the namespaces with {@code hostsA} addresses per family on side A and {@code hostsB} on
   * side B (1 to 50 each). On failure, whatever was created is deleted again.
   */
  public static TestNetwork create(int hostsA, int hostsB) throws IOException {
    if (hostsA < 1 || hostsA > 50 || hostsB < 1 || hostsB > 50) {
      throw new IllegalArgumentException("hosts per side must be 1..50: " + hostsA + ", " + hostsB);
    }
    deleteStale();
    String name = PREFIX + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet();
    TestNetwork network = new TestNetwork(name, hostsA, hostsB);
    try {
      network.build();
      return network;
    } catch (IOException | RuntimeException e) {
      network.close();
      throw e;
    }
  }

  public String namespace(Side side) {
    return name + (side == Side.A ? "-a" : "-b");
  }

  /**
   * The inode of {@code side}'s network namespace: what the socket tracer reports as a process's
   * {@code netns}. A test that watches the whole host counts only sockets in its own namespaces:
   * the host may hold addresses of the same documentation ranges (this machine's own eth0 is
   * 192.0.2.2).
   */
  public long netns(Side side) throws IOException {
    return ((Number)
            java.nio.file.Files.getAttribute(
                java.nio.file.Path.of("/run/netns", namespace(side)), "unix:ino"))
        .longValue();
  }

  /** The veth end inside {@code side}'s namespace. */
  public String interfaceName(Side side) {
    // Interface names are limited to 15 bytes (IFNAMSIZ 16 with the NUL); the namespace keeps
    // them apart from the host's, so a short fixed name is enough.
    return side == Side.A ? "tm-a" : "tm-b";
  }

  public int hosts(Side side) {
    return side == Side.A ? hostsA : hostsB;
  }

  /**
   * Host {@code host} (0-based) of {@code side}: 192.0.2.(host+1) on A, 198.51.100.(host+1) on B.
   */
  public IpAddress v4(Side side, int host) {
    checkHost(side, host);
    return IpAddress.parse((side == Side.A ? "192.0.2." : "198.51.100.") + (host + 1));
  }

  /** Host {@code host} (0-based) of {@code side}: 2001:db8:a::(host+1) on A, 2001:db8:b:: on B. */
  public IpAddress v6(Side side, int host) {
    checkHost(side, host);
    return IpAddress.parse("2001:db8:" + (side == Side.A ? "a" : "b") + "::" + (host + 1));
  }

  /** An address on side B's link that nobody answers (see the class comment). */
  public IpAddress unreachable(boolean v6) {
    return IpAddress.parse(v6 ? "2001:db8:ff::1" : "203.0.113.1");
  }

  /** The side holding {@code address}; the unreachable addresses count as side B. */
  public Side sideOf(IpAddress address) {
    for (Side side : Side.values()) {
      for (int host = 0; host < hosts(side); host++) {
        if (address.equals(v4(side, host)) || address.equals(v6(side, host))) {
          return side;
        }
      }
    }
    if (address.equals(unreachable(false)) || address.equals(unreachable(true))) {
      return Side.B;
    }
    throw new IllegalArgumentException("address not in this test network: " + address);
  }

  /** The command line that runs {@code argv} inside {@code side}'s namespace. */
  public List<String> inNamespace(Side side, List<String> argv) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace(side)));
    command.addAll(argv);
    return command;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (String namespace : created.reversed()) {
      try {
        Commands.run("ip", "netns", "delete", namespace);
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    created.clear();
    if (failure != null) {
      throw failure;
    }
  }

  private void build() throws IOException {
    for (Side side : Side.values()) {
      Commands.run("ip", "netns", "add", namespace(side));
      created.add(namespace(side));
    }
    // Created directly inside the namespaces, so a killed run leaves nothing in the host's.
    run(
        "ip link add %s address %s netns %s type veth peer name %s address %s netns %s"
            .formatted(
                interfaceName(Side.A),
                mac(Side.A),
                namespace(Side.A),
                interfaceName(Side.B),
                mac(Side.B),
                namespace(Side.B)));
    for (Side side : Side.values()) {
      configure(side);
    }
    String devA = interfaceName(Side.A);
    for (boolean v6 : new boolean[] {false, true}) {
      String family = v6 ? "-6" : "-4";
      String subnet = v6 ? "2001:db8:ff::/64" : "203.0.113.0/24";
      ip(Side.A, "%s route add %s dev %s".formatted(family, subnet, devA));
      ip(
          Side.A,
          "%s neigh add %s lladdr %s dev %s nud permanent"
              .formatted(family, unreachable(v6), mac(Side.B), devA));
      // Without a route side B would answer with "no route" (ICMPv6 does); a blackhole route
      // discards without a word.
      ip(Side.B, "%s route add blackhole %s".formatted(family, subnet));
    }
  }

  private void configure(Side side) throws IOException {
    String dev = interfaceName(side);
    for (int host = 0; host < hosts(side); host++) {
      ip(side, "-4 addr add %s/24 dev %s".formatted(v4(side, host), dev));
      ip(side, "-6 addr add %s/64 dev %s nodad".formatted(v6(side, host), dev));
    }
    run(
        "ip netns exec %s ethtool -K %s tx off tso off gso off gro off"
            .formatted(namespace(side), dev));
    ip(side, "link set lo up");
    ip(side, "link set %s up".formatted(dev));
    boolean toA = side.other() == Side.A;
    ip(side, "-4 route add %s dev %s".formatted(toA ? "192.0.2.0/24" : "198.51.100.0/24", dev));
    ip(side, "-6 route add %s dev %s".formatted(toA ? "2001:db8:a::/64" : "2001:db8:b::/64", dev));
  }

  /** Runs {@code ip -n NAMESPACE ARGS}; the arguments are space-separated and hold no spaces. */
  private void ip(Side side, String args) throws IOException {
    run("ip -n " + namespace(side) + " " + args);
  }

  private static void run(String commandLine) throws IOException {
    Commands.run(commandLine.split(" "));
  }

  private static String mac(Side side) {
    // Locally administered unicast (02:…), fixed so that the static neighbour entry can name it.
    return side == Side.A ? "02:00:00:00:00:0a" : "02:00:00:00:00:0b";
  }

  private void checkHost(Side side, int host) {
    if (host < 0 || host >= hosts(side)) {
      throw new IllegalArgumentException(
          "host out of range for side " + side + ": " + host + " (hosts " + hosts(side) + ")");
    }
  }

  /**
   * Deletes namespaces named by an earlier run whose process no longer exists, after ending what
   * still runs in them (a tcpdump outlives a killed test JVM and would keep its namespace alive).
   */
  private static void deleteStale() throws IOException {
    long self = ProcessHandle.current().pid();
    for (String line : Commands.run("ip", "netns", "list").stdout().lines().toList()) {
      Matcher matcher = OURS.matcher(line);
      if (!matcher.matches()) {
        continue;
      }
      long pid = Long.parseLong(matcher.group(1));
      if (pid != self && ProcessHandle.of(pid).isEmpty()) {
        String namespace = line.split("\\s+")[0];
        for (String inside :
            Commands.run("ip", "netns", "pids", namespace).stdout().split("\\s+")) {
          if (!inside.isEmpty()) {
            ProcessHandle.of(Long.parseLong(inside)).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
        Commands.run("ip", "netns", "delete", namespace);
      }
    }
  }
}
