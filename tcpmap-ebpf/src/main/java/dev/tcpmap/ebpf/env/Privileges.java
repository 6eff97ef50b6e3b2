package dev.tcpmap.ebpf.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A quick look at whether this process may load BPF programs: root, or the capabilities the socket
 * tracer needs in its effective set ({@code CapEff} in {@code /proc/self/status}). Opening the
 * source is the real test; this only lets {@code tcpmap demo} say why before trying.
 */
public final class Privileges {
  /** CAP_PERFMON (38), CAP_BPF (39): loading and attaching tracing programs (Linux 5.8+). */
  private static final long NEEDED = (1L << 38) | (1L << 39);

  private Privileges() {}

  /** What is missing to run the tracer, or empty when this process looks privileged enough. */
  public static Optional<String> missing() {
    try {
      return missing(Files.readString(Path.of("/proc/self/status")));
    } catch (IOException e) {
      return Optional.of("cannot read /proc/self/status (" + e.getMessage() + "): not Linux?");
    }
  }

  /** {@link #missing()} on the text of a {@code /proc/PID/status} file. */
  static Optional<String> missing(String procStatus) {
    String uid = field(procStatus, "Uid:");
    String capEff = field(procStatus, "CapEff:");
    boolean root =
        !uid.isEmpty() && uid.split("\\s+").length > 1 && uid.split("\\s+")[1].equals("0");
    long caps;
    try {
      caps = capEff.isEmpty() ? 0 : Long.parseUnsignedLong(capEff, 16);
    } catch (NumberFormatException e) {
      caps = 0;
    }
    if (root || (caps & NEEDED) == NEEDED) {
      return Optional.empty();
    }
    return Optional.of(
        "not root and without CAP_BPF and CAP_PERFMON (run as root, or grant them: setcap"
            + " cap_bpf,cap_perfmon,cap_dac_read_search+ep on the java binary)");
  }

  private static String field(String text, String name) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name)) {
        return line.substring(name.length()).strip();
      }
    }
    return "";
  }
}
