package dev.tcpmap.packet;

import dev.tcpmap.core.model.Ports;
import dev.tcpmap.packet.linux.RingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Live capture's settings.
 *
 * @param interfaces which interfaces to open ({@link InterfaceSelection#parse})
 * @param rescanPeriod how often the interface list is read again (at least 100 ms): new interfaces
 *     are opened, vanished ones closed, failed and down ones retried. The safety net: a change the
 *     kernel notifies (an interface added, set up or down, deleted) triggers a scan at once, and
 *     failed opens are retried at any scan; without link notifications every change waits for this
 *     period
 * @param ring the ring of each interface
 * @param maxRingBytes the most ring memory of all interfaces together (pinned kernel memory); an
 *     interface that would exceed it is left {@code FAILED} with the reason and retried
 * @param tlsPorts ports whose every TCP payload segment passes the filter (see {@code
 *     CaptureFilter}); may be empty
 * @param networkNamespace a network namespace file ({@code /proc/PID/ns/net}, {@code
 *     /run/netns/NAME}) to capture in, or null for the process's own
 */
public record CaptureConfig(
    InterfaceSelection interfaces,
    Duration rescanPeriod,
    RingConfig ring,
    long maxRingBytes,
    List<Integer> tlsPorts,
    Path networkNamespace) {
  /** 1 GiB: 64 interfaces with the default 16 MiB ring. */
  public static final long DEFAULT_MAX_RING_BYTES = 1L << 30;

  public CaptureConfig {
    if (interfaces == null) {
      throw new IllegalArgumentException("interfaces: not set");
    }
    if (rescanPeriod == null || rescanPeriod.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("rescan period below 100 ms: " + rescanPeriod);
    }
    if (ring == null) {
      throw new IllegalArgumentException("ring: not set");
    }
    if (maxRingBytes < ring.bytes()) {
      throw new IllegalArgumentException(
          "ring budget " + maxRingBytes + " is smaller than one ring of " + ring.bytes());
    }
    tlsPorts = List.copyOf(tlsPorts);
    for (int port : tlsPorts) {
      Ports.checkConnectable(port, "TLS port");
    }
  }

  /** {@code interfaces} with a 10 s rescan, the default ring and budget, TLS port 443. */
  public static CaptureConfig of(InterfaceSelection interfaces) {
    return new CaptureConfig(
        interfaces,
        Duration.ofSeconds(10),
        RingConfig.DEFAULT,
        DEFAULT_MAX_RING_BYTES,
        List.of(443),
        null);
  }

  public CaptureConfig withRescanPeriod(Duration period) {
    return new CaptureConfig(interfaces, period, ring, maxRingBytes, tlsPorts, networkNamespace);
  }

  public CaptureConfig withRing(RingConfig value) {
    return new CaptureConfig(
        interfaces, rescanPeriod, value, maxRingBytes, tlsPorts, networkNamespace);
  }

  /** With at most {@code bytes} of ring memory over all interfaces. */
  public CaptureConfig withMaxRingBytes(long bytes) {
    return new CaptureConfig(interfaces, rescanPeriod, ring, bytes, tlsPorts, networkNamespace);
  }

  public CaptureConfig withTlsPorts(List<Integer> ports) {
    return new CaptureConfig(interfaces, rescanPeriod, ring, maxRingBytes, ports, networkNamespace);
  }

  public CaptureConfig inNamespace(Path namespace) {
    return new CaptureConfig(interfaces, rescanPeriod, ring, maxRingBytes, tlsPorts, namespace);
  }
}
