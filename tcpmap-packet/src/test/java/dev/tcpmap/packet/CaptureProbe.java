package dev.tcpmap.packet;

import dev.tcpmap.packet.linux.PacketException;

/**
 * Starts live capture on loopback and says how it went, as a command would: {@code opened}, or the
 * error's kind and message on stderr and exit status 3. Run by {@link PrivilegedNoCapNetRawTest} in
 * a process without CAP_NET_RAW.
 */
public final class CaptureProbe {
  private CaptureProbe() {}

  public static void main(String[] args) {
    try (LiveCapture capture =
        LiveCapture.start(
            CaptureConfig.of(InterfaceSelection.parse("lo")),
            new PrivilegedInterfaceRescanTest.CountingSink())) {
      System.out.println("opened " + capture.status().size());
    } catch (PacketException e) {
      System.err.println(e.kind() + ": " + e.getMessage());
      System.exit(3);
    }
  }
}
