package dev.tcpmap.capture.file;

/**
 * The {@code LINKTYPE_*} values (https://www.tcpdump.org/linktypes.html) that tcpmap decodes, and
 * names for messages about the ones it does not.
 */
public final class LinkTypes {
  /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
  public static final int NULL = 0;

  public static final int ETHERNET = 1;

  /** Raw IP: the version nibble says IPv4 or IPv6. */
  public static final int RAW = 101;

  /** OpenBSD loopback: a 4-byte address family in network byte order. */
  public static final int LOOP = 108;

  /** Linux cooked capture v1 ({@code tcpdump -i any} before libpcap 1.10). */
  public static final int LINUX_SLL = 113;

  public static final int IPV4 = 228;
  public static final int IPV6 = 229;

  /** Linux cooked capture v2 ({@code tcpdump -i any} from libpcap 1.10). */
  public static final int LINUX_SLL2 = 276;

  private LinkTypes() {}

  /** True for the link types {@code dev.tcpmap.capture.decode.PacketDecoder} decodes. */
  public static boolean supported(int linkType) {
    return switch (linkType) {
      case NULL, ETHERNET, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2 -> true;
      default -> false;
    };
  }

  /** {@code "LINKTYPE_ETHERNET"} and the like, or null when the value has no name here. */
  public static String name(int linkType) {
    if (linkType >= 147 && linkType <= 162) {
      return "LINKTYPE_USER" + (linkType - 147);
    }
    return switch (linkType) {
      case NULL -> "LINKTYPE_NULL";
      case ETHERNET -> "LINKTYPE_ETHERNET";
      case 6 -> "LINKTYPE_IEEE802_5";
      case 9 -> "LINKTYPE_PPP";
      case 50 -> "LINKTYPE_PPP_HDLC";
      case 51 -> "LINKTYPE_PPP_ETHER";
      case RAW -> "LINKTYPE_RAW";
      case 104 -> "LINKTYPE_C_HDLC";
      case 105 -> "LINKTYPE_IEEE802_11";
      case LOOP -> "LINKTYPE_LOOP";
      case LINUX_SLL -> "LINKTYPE_LINUX_SLL";
      case 127 -> "LINKTYPE_IEEE802_11_RADIOTAP";
      case 187 -> "LINKTYPE_BLUETOOTH_HCI_H4";
      case 189 -> "LINKTYPE_USB_LINUX";
      case 195 -> "LINKTYPE_IEEE802_15_4_WITHFCS";
      case 220 -> "LINKTYPE_USB_LINUX_MMAPPED";
      case IPV4 -> "LINKTYPE_IPV4";
      case IPV6 -> "LINKTYPE_IPV6";
      case 249 -> "LINKTYPE_USBPCAP";
      case 253 -> "LINKTYPE_NETLINK";
      case LINUX_SLL2 -> "LINKTYPE_LINUX_SLL2";
      default -> null;
    };
  }

  /** {@code "147 (LINKTYPE_USER0)"}, or just the number when it has no name here. */
  public static String describe(int linkType) {
    String name = name(linkType);
    return name == null ? Integer.toString(linkType) : linkType + " (" + name + ")";
  }
}
