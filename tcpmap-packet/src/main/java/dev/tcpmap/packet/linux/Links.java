package dev.tcpmap.packet.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.tcpmap.linux.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the network interfaces of the calling thread's network namespace: {@code if_nameindex}
 * (netlink) for names, then per interface {@code SIOCGIFFLAGS}, {@code SIOCGIFHWADDR} and ethtool's
 * {@code ETHTOOL_GDRVINFO} on a datagram socket. Unlike {@code /sys/class/net} (which shows the
 * namespace sysfs was mounted in) this follows {@code setns}, so a capture thread moved into a
 * namespace sees that namespace's interfaces.
 */
public final class Links {
  private static final long SIOCGIFFLAGS = 0x8913;
  private static final long SIOCGIFHWADDR = 0x8927;
  private static final long SIOCETHTOOL = 0x8946;
  private static final int ETHTOOL_GDRVINFO = 3;
  private static final int IFF_UP = 0x1;
  private static final int IFF_LOOPBACK = 0x8;
  private static final int IFREQ_SIZE = 40;
  // struct ethtool_drvinfo: u32 cmd; char driver[32], version[32], fw_version[32], bus_info[32]; …
  private static final int DRVINFO_SIZE = 196;
  private static final int DRVINFO_DRIVER = 4;
  private static final int DRVINFO_BUS_INFO = 100;
  private static final int AF_INET = 2;

  private Links() {}

  /**
   * The interfaces that exist now. One that vanishes while it is listed is left out.
   *
   * @throws PacketException when the kernel refuses the listing socket itself
   */
  public static List<Link> list() {
    int fd = Linux.socket(AF_INET, Linux.SOCK_DGRAM | Linux.SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw new PacketException(
          PacketException.Kind.SOCKET_FAILED,
          -fd,
          "cannot open a socket to list interfaces: " + Libc.strerror(-fd));
    }
    try (Arena arena = Arena.ofConfined()) {
      List<Link> links = new ArrayList<>();
      for (var entry : Linux.nameIndex()) {
        Link link = describe(arena, fd, entry.getKey(), entry.getValue());
        if (link != null) {
          links.add(link);
        }
      }
      return links;
    } finally {
      Libc.close(fd);
    }
  }

  private static Link describe(Arena arena, int fd, int index, String name) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 15) {
      return null;
    }
    MemorySegment ifreq = arena.allocate(IFREQ_SIZE, 8);
    MemorySegment.copy(
        nameBytes, 0, ifreq, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, nameBytes.length);
    if (Linux.ioctl(fd, SIOCGIFFLAGS, ifreq) < 0) {
      return null; // gone between the listing and now
    }
    int flags = Short.toUnsignedInt(ifreq.get(JAVA_SHORT, 16));
    if (Linux.ioctl(fd, SIOCGIFHWADDR, ifreq) < 0) {
      return null;
    }
    int hardwareType = Short.toUnsignedInt(ifreq.get(JAVA_SHORT, 16));
    MemorySegment info = arena.allocate(DRVINFO_SIZE, 8);
    info.set(JAVA_INT, 0, ETHTOOL_GDRVINFO);
    ifreq.set(ADDRESS, 16, info);
    String driver = "";
    String bus = "";
    if (Linux.ioctl(fd, SIOCETHTOOL, ifreq) >= 0) { // interfaces without ethtool support fail
      driver = info.getString(DRVINFO_DRIVER);
      bus = info.getString(DRVINFO_BUS_INFO);
    }
    return new Link(
        name, index, (flags & IFF_UP) != 0, (flags & IFF_LOOPBACK) != 0, hardwareType, driver, bus);
  }
}
