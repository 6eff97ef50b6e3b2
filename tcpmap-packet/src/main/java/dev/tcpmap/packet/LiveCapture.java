package dev.tcpmap.packet;

import dev.tcpmap.capture.file.RawPacket;
import dev.tcpmap.packet.linux.Link;
import dev.tcpmap.packet.linux.LinkNotifications;
import dev.tcpmap.packet.linux.Links;
import dev.tcpmap.packet.linux.NetworkNamespace;
import dev.tcpmap.packet.linux.PacketException;
import dev.tcpmap.packet.linux.PacketRing;
import dev.tcpmap.packet.linux.Poller;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Live capture on a rescanned set of interfaces: one AF_PACKET TPACKET_V3 ring per interface, all
 * read by one platform thread through one {@code poll()}, delivering to one {@link PacketSink} on
 * that thread.
 *
 * <p>One thread rather than one per interface: the sink (a decoder and trackers) is then never
 * called concurrently and needs no locks, and a node with a hundred pod veths costs one thread, not
 * a hundred. One thread drains far more than the filtered traffic of a node (the ring drains at
 * millions of packets per second; see {@code docs/performance.md}).
 *
 * <p>The loop: poll all rings and the kernel's link notifications (at most {@value #POLL_MILLIS}
 * ms, so that {@link #close()} is prompt), drain every ring whose block is ready, read the kernel's
 * counts every second (new drops go to {@link PacketSink#lost}) and then {@link PacketSink#tick
 * tick} the sink, rescan the interfaces at once when a link notification came or a socket reports
 * an error, and in any case every {@link CaptureConfig#rescanPeriod()} (see {@link
 * InterfaceWatch}). Interfaces that are down, vanish or fail to open are skipped, logged once per
 * change and retried at the next scan; nothing about one interface stops the others. Only a missing
 * permission (no CAP_NET_RAW) or a namespace that cannot be entered fails {@link #start}; without
 * link notifications capture runs on with the periodic rescan ({@link #notificationsUnavailable}).
 */
public final class LiveCapture implements AutoCloseable {
  static final int POLL_MILLIS = 100;
  private static final long STATS_NANOS = 1_000_000_000L;
  private static final System.Logger LOG = System.getLogger("dev.tcpmap.packet");

  private final CaptureConfig config;
  private final PacketSink sink;
  private final Consumer<RawPacket> sinkConsumer;
  private final InterfaceTable table;
  private final Supplier<LinkNotifications> notifications;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean stopping;
  private volatile List<InterfaceStatus> status = List.of();
  private volatile InterfaceWatch watch;
  private long sinkErrors;
  private long reportedSinkErrors;

  private LiveCapture(
      CaptureConfig config, PacketSink sink, Supplier<LinkNotifications> notifications) {
    this.config = config;
    this.table = new InterfaceTable(config, sink);
    this.notifications = notifications;
    this.thread = Thread.ofPlatform().name("tcpmap-packet-capture").daemon().unstarted(this::run);
    this.sink = sink;
    this.sinkConsumer = packet -> deliver(sink, packet);
  }

  /**
   * Starts capture and returns after the first scan opened what it could.
   *
   * @throws PacketException {@link PacketException.Kind#PERMISSION} without CAP_NET_RAW, {@link
   *     PacketException.Kind#NAMESPACE_FAILED} when the namespace cannot be entered
   */
  public static LiveCapture start(CaptureConfig config, PacketSink sink) {
    return start(config, sink, LinkNotifications::open);
  }

  /** {@link #start(CaptureConfig, PacketSink)} with the link notifications from {@code opener}. */
  static LiveCapture start(
      CaptureConfig config, PacketSink sink, Supplier<LinkNotifications> opener) {
    LiveCapture capture = new LiveCapture(config, sink, opener);
    capture.thread.start();
    try {
      capture.started.get();
      return capture;
    } catch (ExecutionException e) {
      capture.close();
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      capture.close();
      throw new IllegalStateException("interrupted while starting capture", e);
    }
  }

  /**
   * Every interface capture knows, in the order first seen: capturing, down, failed, or gone since
   * the last scan. Counts are as of the last statistics read (at most about a second old).
   * Thread-safe: an immutable snapshot.
   */
  public List<InterfaceStatus> status() {
    return status;
  }

  /**
   * Why new interfaces are found only by the periodic rescan (the kernel's link notifications could
   * not be opened or failed; logged once), or empty while notifications work. Thread-safe.
   */
  public Optional<String> notificationsUnavailable() {
    InterfaceWatch current = watch;
    return current == null ? Optional.empty() : current.problem();
  }

  /** Stops the capture thread, then unmaps every ring and closes every socket. Idempotent. */
  @Override
  public void close() {
    stopping = true;
    if (thread.isAlive() && Thread.currentThread() != thread) {
      boolean interrupted = false;
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try (Poller poller = new Poller()) {
      try {
        if (config.networkNamespace() != null) {
          NetworkNamespace.enter(config.networkNamespace());
        }
        // Subscribed before the first scan: a change between the two is then not missed.
        watch = new InterfaceWatch(notifications, config.rescanPeriod());
        table.scan(Links.list(), true);
      } catch (RuntimeException e) {
        table.closeAll();
        started.completeExceptionally(e);
        return;
      }
      status = table.snapshot();
      started.complete(null);
      loop(poller);
    } finally {
      if (watch != null) {
        watch.close();
      }
      table.collectStatistics();
      table.closeAll();
      status = table.snapshot();
    }
  }

  private void loop(Poller poller) {
    RawPacket packet = new RawPacket();
    long nextStats = System.nanoTime() + STATS_NANOS;
    long nextScan = System.nanoTime() + config.rescanPeriod().toNanos();
    while (!stopping) {
      List<PacketRing> rings = table.rings();
      boolean rescan = false;
      try {
        poller.poll(rings, watch.fd(), POLL_MILLIS);
      } catch (PacketException e) {
        LOG.log(System.Logger.Level.WARNING, e.getMessage());
      }
      rescan |= watch.changed(poller.notificationEvents());
      for (int i = 0; i < rings.size(); i++) {
        PacketRing ring = rings.get(i);
        table.delivered(ring, ring.drain(packet, sinkConsumer));
        if ((poller.events(i) & Poller.ERROR_EVENTS) != 0 && ring.takeError() != 0) {
          table.dropRing(ring);
          rescan = true;
        }
      }
      long now = System.nanoTime();
      if (now - nextStats >= 0) {
        nextStats = now + STATS_NANOS;
        table.collectStatistics();
        tick();
        reportSinkErrors();
        status = table.snapshot();
      }
      if (rescan || now - nextScan >= 0) {
        nextScan = now + config.rescanPeriod().toNanos();
        scan();
      }
    }
  }

  private void scan() {
    try {
      List<Link> links = Links.list();
      table.scan(links, false);
    } catch (PacketException e) {
      LOG.log(System.Logger.Level.WARNING, "interface scan failed: {0}", e.getMessage());
    }
    status = table.snapshot();
  }

  private void deliver(PacketSink target, RawPacket packet) {
    try {
      target.packet(packet);
    } catch (RuntimeException e) {
      sinkFailed(e);
    }
  }

  private void tick() {
    Instant now = Instant.now();
    try {
      sink.tick(now.getEpochSecond() * 1_000_000_000L + now.getNano());
    } catch (RuntimeException e) {
      sinkFailed(e);
    }
  }

  private void sinkFailed(RuntimeException e) {
    if (sinkErrors++ == 0) {
      LOG.log(System.Logger.Level.WARNING, "packet sink failed (counted from now on)", e);
    }
  }

  private void reportSinkErrors() {
    if (sinkErrors > reportedSinkErrors) {
      sink.lost("capture/sink-errors", sinkErrors - reportedSinkErrors);
      reportedSinkErrors = sinkErrors;
    }
  }
}
