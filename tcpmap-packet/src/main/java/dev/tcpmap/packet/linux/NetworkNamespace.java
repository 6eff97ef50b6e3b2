package dev.tcpmap.packet.linux;

import dev.tcpmap.linux.Libc;
import java.nio.file.Path;

/** Moves the calling thread into a network namespace (the rest of the process stays). */
public final class NetworkNamespace {
  private NetworkNamespace() {}

  /**
   * Enters the namespace {@code file} refers to ({@code /proc/PID/ns/net}, {@code /run/netns/X}).
   * Sockets the thread opens afterwards, and the interfaces {@link Links#list()} sees, are that
   * namespace's. Needs CAP_SYS_ADMIN.
   *
   * @throws PacketException {@link PacketException.Kind#NAMESPACE_FAILED}
   */
  public static void enter(Path file) {
    int fd = Libc.openReadOnly(file.toString());
    if (fd < 0) {
      throw new PacketException(
          PacketException.Kind.NAMESPACE_FAILED,
          -fd,
          "cannot open network namespace " + file + ": " + Libc.strerror(-fd));
    }
    try {
      int rc = Libc.setNetworkNamespace(fd);
      if (rc < 0) {
        throw new PacketException(
            PacketException.Kind.NAMESPACE_FAILED,
            -rc,
            "cannot enter network namespace " + file + ": " + Libc.strerror(-rc));
      }
    } finally {
      Libc.close(fd);
    }
  }
}
