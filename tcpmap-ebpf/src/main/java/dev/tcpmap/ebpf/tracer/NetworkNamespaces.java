package dev.tcpmap.ebpf.tracer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The network namespaces processes on the host are in, each with one {@code /proc/PID/ns/net} path
 * to enter it by. The socket iterator sees only the namespace it is created in, so it is created
 * once per namespace (pods each have their own).
 */
final class NetworkNamespaces {
  /** A network namespace: its inode number (as socket records carry it) and a path to it. */
  record Namespace(long inode, Path path) {}

  private NetworkNamespaces() {}

  /** Every namespace some process in {@code proc} is in, in the order first met. */
  static List<Namespace> list(Path proc) {
    Map<Long, Namespace> found = new LinkedHashMap<>();
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, NetworkNamespaces::isPid)) {
      for (Path pid : pids) {
        Path link = pid.resolve("ns/net");
        OptionalLong inode = inode(link);
        if (inode.isPresent()) {
          found.putIfAbsent(inode.getAsLong(), new Namespace(inode.getAsLong(), link));
        }
      }
    } catch (IOException e) {
      // No /proc to read: the caller still iterates its own namespace.
    }
    return List.copyOf(found.values());
  }

  /**
   * The inode of the namespace a {@code ns/net} link names ({@code net:[4026531840]}); empty when
   * the process is gone or not ours to look at.
   */
  static OptionalLong inode(Path link) {
    try {
      String target = Files.readSymbolicLink(link).toString();
      if (target.startsWith("net:[") && target.endsWith("]")) {
        return OptionalLong.of(Long.parseLong(target.substring(5, target.length() - 1)));
      }
    } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
      // raced with the process's exit, or a link we may not read: not a namespace we can enter
    }
    return OptionalLong.empty();
  }

  private static boolean isPid(Path entry) {
    String name = entry.getFileName().toString();
    return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
  }
}
