package dev.tcpmap.packet;

import dev.tcpmap.packet.linux.Link;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which interfaces live capture opens. Applied to every scan, so interfaces that appear later (a
 * new pod's veth) are picked up as soon as the kernel's link notification triggers a scan, or at
 * the next periodic rescan.
 */
public sealed interface InterfaceSelection {
  /**
   * True when {@code link} is a candidate. Whether it is captured then depends on it being up; a
   * selected interface that is down is listed as down.
   */
  boolean selects(Link link);

  /**
   * {@code any}, {@code auto}, {@code ~REGEX} (the whole name must match), or a comma-separated
   * list of names and globs ({@code eth0,veth*,cali?*}).
   *
   * @throws IllegalArgumentException naming the bad part
   */
  static InterfaceSelection parse(String text) {
    String value = text == null ? "" : text.strip();
    if (value.isEmpty()) {
      throw new IllegalArgumentException("interfaces: empty (use any, auto, names or ~regex)");
    }
    if (value.equals("any")) {
      return new Any();
    }
    if (value.equals("auto")) {
      return new Auto();
    }
    if (value.startsWith("~")) {
      try {
        return new Matching(Pattern.compile(value.substring(1)));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("interfaces: bad regex: " + e.getDescription(), e);
      }
    }
    List<String> globs = Arrays.stream(value.split(",")).map(String::strip).toList();
    for (String glob : globs) {
      if (!glob.matches("[A-Za-z0-9_.:@*?-]{1,15}")) {
        throw new IllegalArgumentException("interfaces: not an interface name or glob: " + glob);
      }
    }
    return new Names(globs);
  }

  /** Every interface ({@code tcpdump -i any}, but one ring per interface, link types kept). */
  record Any() implements InterfaceSelection {
    @Override
    public boolean selects(Link link) {
      return true;
    }
  }

  /**
   * The interfaces that see a node's traffic once: devices on a bus (physical NICs, virtio) and
   * veth pairs (container and pod interfaces in the host namespace; every packet of a local pod
   * crosses its veth in clear, after overlay decapsulation). Not loopback, bridges ({@code cni0},
   * {@code docker0}: they repeat their veths' packets) or tunnels ({@code tunl0}, {@code
   * flannel.1}: the pod side of their traffic is on the veths).
   */
  record Auto() implements InterfaceSelection {
    @Override
    public boolean selects(Link link) {
      // ethtool reports bus "N/A" for bridges, tun and similar virtual devices
      boolean onBus = !link.busInfo().isEmpty() && !link.busInfo().equals("N/A");
      return !link.loopback() && (link.driver().equals("veth") || onBus);
    }
  }

  /** Names whose whole text matches a regex. */
  record Matching(Pattern pattern) implements InterfaceSelection {
    @Override
    public boolean selects(Link link) {
      return pattern.matcher(link.name()).matches();
    }
  }

  /** Names and globs: {@code *} any run of characters, {@code ?} one character. */
  record Names(List<String> globs) implements InterfaceSelection {
    public Names {
      globs = List.copyOf(globs);
    }

    @Override
    public boolean selects(Link link) {
      for (String glob : globs) {
        if (globMatches(glob, link.name())) {
          return true;
        }
      }
      return false;
    }

    private static boolean globMatches(String glob, String name) {
      StringBuilder regex = new StringBuilder();
      for (char c : glob.toCharArray()) {
        switch (c) {
          case '*' -> regex.append(".*");
          case '?' -> regex.append('.');
          default -> regex.append(Pattern.quote(String.valueOf(c)));
        }
      }
      return name.matches(regex.toString());
    }
  }
}
