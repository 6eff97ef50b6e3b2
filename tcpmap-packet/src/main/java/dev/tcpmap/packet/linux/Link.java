package dev.tcpmap.packet.linux;

import dev.tcpmap.capture.file.LinkTypes;

/**
 * A network interface as the kernel describes it at one moment.
 *
 * @param name the interface name (at most 15 bytes)
 * @param index the ifindex; a deleted and re-created interface gets a new one
 * @param up {@code IFF_UP}: administratively up
 * @param loopback {@code IFF_LOOPBACK}
 * @param hardwareType the {@code ARPHRD_*} type (1 Ethernet, 772 loopback, 65534 none, ...)
 * @param driver the ethtool driver name ({@code "veth"}, {@code "virtio_net"}, ...), or ""
 * @param busInfo the ethtool bus address; non-empty for devices on a bus (physical NICs)
 */
public record Link(
    String name,
    int index,
    boolean up,
    boolean loopback,
    int hardwareType,
    String driver,
    String busInfo) {
  static final int ARPHRD_ETHER = 1;
  static final int ARPHRD_LOOPBACK = 772;

  public Link {
    if (name == null || name.isEmpty() || name.length() > 15) {
      throw new IllegalArgumentException("interface name must be 1..15 characters: " + name);
    }
    if (index <= 0) {
      throw new IllegalArgumentException("ifindex must be positive: " + index);
    }
    driver = driver == null ? "" : driver;
    busInfo = busInfo == null ? "" : busInfo;
  }

  /**
   * True when frames carry an Ethernet header: Ethernet and Linux loopback (whose header is 14 zero
   * bytes and a type). Other links (IP-in-IP {@code tunl0}, WireGuard, tun) are captured from the
   * network header on ({@code SOCK_DGRAM}) as raw IP, so their link header needs no decoder.
   */
  public boolean ethernetFrames() {
    return hardwareType == ARPHRD_ETHER || hardwareType == ARPHRD_LOOPBACK;
  }

  /** The {@code LINKTYPE_*} of the packets captured on this link. */
  public int linkType() {
    return ethernetFrames() ? LinkTypes.ETHERNET : LinkTypes.RAW;
  }
}
