package dev.tcpmap.packet;

import dev.tcpmap.packet.InterfaceStatus.State;
import dev.tcpmap.packet.filter.CaptureFilter;
import dev.tcpmap.packet.filter.Insn;
import dev.tcpmap.packet.linux.KernelStats;
import dev.tcpmap.packet.linux.Link;
import dev.tcpmap.packet.linux.PacketException;
import dev.tcpmap.packet.linux.PacketRing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The interfaces live capture knows, their rings and counts: the state machine behind {@link
 * InterfaceStatus}. A scan compares the kernel's interface list with the table: new and recovered
 * interfaces are opened, vanished ones closed and marked {@code GONE} (forgotten at the following
 * scan), down ones closed and marked {@code DOWN}; a failed open is {@code FAILED} and retried at
 * the next scan. Every state change is logged once, never per scan. Owned by the capture thread.
 */
final class InterfaceTable {
  private static final System.Logger LOG = System.getLogger("dev.tcpmap.packet");

  /** One interface's row. */
  static final class Entry {
    final String name;
    PacketRing ring;
    State state = State.FAILED;
    String message = "not opened yet";
    long delivered;
    long drops;
    long kernelPackets;

    Entry(String name) {
      this.name = name;
    }
  }

  private final CaptureConfig config;
  private final List<Insn> ethernetFilter;
  private final List<Insn> rawFilter;
  private final PacketSink sink;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  InterfaceTable(CaptureConfig config, PacketSink sink) {
    this.config = config;
    this.sink = sink;
    int snap = config.ring().snapLength();
    this.ethernetFilter = CaptureFilter.program(true, config.tlsPorts(), snap);
    this.rawFilter = CaptureFilter.program(false, config.tlsPorts(), snap);
  }

  /**
   * Brings the table in line with {@code links}.
   *
   * @throws PacketException only for {@link PacketException.Kind#PERMISSION} when {@code
   *     permissionFatal}: without CAP_NET_RAW no interface can ever open
   */
  void scan(List<Link> links, boolean permissionFatal) {
    Map<String, Link> selected = new LinkedHashMap<>();
    for (Link link : links) {
      if (config.interfaces().selects(link)) {
        selected.put(link.name(), link);
      }
    }
    for (var it = entries.values().iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (!selected.containsKey(entry.name)) {
        if (entry.state == State.GONE) {
          it.remove();
        } else {
          closeRing(entry);
          change(entry, State.GONE, "interface vanished");
        }
      }
    }
    for (Link link : selected.values()) {
      Entry entry = entries.computeIfAbsent(link.name(), Entry::new);
      if (!link.up()) {
        closeRing(entry);
        change(entry, State.DOWN, "interface is down");
      } else if (entry.ring == null || entry.ring.link().index() != link.index()) {
        closeRing(entry);
        open(entry, link, permissionFatal);
      }
    }
  }

  private void open(Entry entry, Link link, boolean permissionFatal) {
    long inUse = 0;
    for (Entry e : entries.values()) {
      inUse += e.ring == null ? 0 : config.ring().bytes();
    }
    if (inUse + config.ring().bytes() > config.maxRingBytes()) {
      change(
          entry,
          State.FAILED,
          "ring budget of %d MiB used up by %d interfaces"
              .formatted(config.maxRingBytes() >> 20, inUse / config.ring().bytes()));
      return;
    }
    try {
      entry.ring =
          PacketRing.open(link, config.ring(), link.ethernetFrames() ? ethernetFilter : rawFilter);
      change(entry, State.CAPTURING, "");
    } catch (PacketException e) {
      if (permissionFatal && e.kind() == PacketException.Kind.PERMISSION) {
        throw e;
      }
      change(entry, State.FAILED, e.getMessage());
    }
  }

  /**
   * Closes {@code ring}, whose socket reported an error (its interface went down or vanished); the
   * next scan decides the interface's state and reopens it if it is up.
   */
  void dropRing(PacketRing ring) {
    for (Entry entry : entries.values()) {
      if (entry.ring == ring) {
        closeRing(entry);
      }
    }
  }

  /** The open rings, in table order. */
  List<PacketRing> rings() {
    List<PacketRing> rings = new ArrayList<>();
    for (Entry entry : entries.values()) {
      if (entry.ring != null) {
        rings.add(entry.ring);
      }
    }
    return rings;
  }

  /** Adds delivered packets to the row of {@code ring}. */
  void delivered(PacketRing ring, long packets) {
    for (Entry entry : entries.values()) {
      if (entry.ring == ring) {
        entry.delivered += packets;
        return;
      }
    }
  }

  /** Reads every ring's kernel counts and reports new drops to the sink as losses. */
  void collectStatistics() {
    for (Entry entry : entries.values()) {
      if (entry.ring != null) {
        collect(entry);
      }
    }
  }

  /** Closes every ring (after a last read of its counts). */
  void closeAll() {
    for (Entry entry : entries.values()) {
      closeRing(entry);
    }
  }

  List<InterfaceStatus> snapshot() {
    List<InterfaceStatus> out = new ArrayList<>(entries.size());
    for (Entry e : entries.values()) {
      out.add(
          new InterfaceStatus(e.name, e.state, e.message, e.delivered, e.drops, e.kernelPackets));
    }
    return List.copyOf(out);
  }

  private void collect(Entry entry) {
    try {
      KernelStats stats = entry.ring.statistics();
      entry.kernelPackets += stats.packets();
      entry.drops += stats.drops();
      if (stats.drops() > 0) {
        sink.lost("capture/kernel-drops", stats.drops());
      }
    } catch (PacketException e) {
      LOG.log(System.Logger.Level.DEBUG, "statistics of {0}: {1}", entry.name, e.getMessage());
    }
  }

  private void closeRing(Entry entry) {
    if (entry.ring != null) {
      collect(entry);
      entry.ring.close();
      entry.ring = null;
    }
  }

  private static void change(Entry entry, State state, String message) {
    if (entry.state == state && entry.message.equals(message)) {
      return;
    }
    entry.state = state;
    entry.message = message;
    System.Logger.Level level =
        state == State.FAILED ? System.Logger.Level.WARNING : System.Logger.Level.INFO;
    LOG.log(
        level,
        "capture on {0}: {1}{2}",
        entry.name,
        state.name().toLowerCase(java.util.Locale.ROOT),
        message.isEmpty() ? "" : " (" + message + ")");
  }
}
