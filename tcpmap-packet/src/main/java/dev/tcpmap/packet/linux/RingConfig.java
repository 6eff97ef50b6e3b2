package dev.tcpmap.packet.linux;

/**
 * The shape of one interface's TPACKET_V3 receive ring.
 *
 * <p>The kernel fills one block at a time with as many packets as fit and hands it to user space
 * when it is full or {@code blockTimeoutMillis} after its first packet, whichever comes first. The
 * ring's memory ({@code blockSize × blocks}) is kernel memory, pinned while the socket is open.
 *
 * @param blockSize bytes per block: a power of two, at least 64 KiB (whole pages)
 * @param blocks blocks in the ring, at least 2
 * @param blockTimeoutMillis the longest a partly filled block waits for user space (1..1000)
 * @param snapLength bytes kept of each passing packet (128..65535; must fit in a block)
 */
public record RingConfig(int blockSize, int blocks, int blockTimeoutMillis, int snapLength) {
  /** 16 × 1 MiB, 20 ms, whole packets: zero drops at the test hosts' highest rate. */
  public static final RingConfig DEFAULT = new RingConfig(1 << 20, 16, 20, 65_535);

  public RingConfig {
    if (blockSize < (64 << 10) || Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException(
          "ring block size must be a power of two of at least 65536 bytes: " + blockSize);
    }
    if (blocks < 2 || (long) blockSize * blocks > (1L << 30)) {
      throw new IllegalArgumentException(
          "ring blocks must be at least 2 and the ring at most 1 GiB: "
              + blocks
              + " x "
              + blockSize);
    }
    if (blockTimeoutMillis < 1 || blockTimeoutMillis > 1000) {
      throw new IllegalArgumentException("block timeout must be 1..1000 ms: " + blockTimeoutMillis);
    }
    if (snapLength < 128 || snapLength > 65_535 || snapLength + 256 > blockSize) {
      throw new IllegalArgumentException(
          "snap length must be 128..65535 and fit in a block: " + snapLength);
    }
  }

  /**
   * A ring of {@code bytes} (a power of two of at least 128 KiB) in blocks of up to 1 MiB, with the
   * default block timeout and whole packets where a block holds them.
   */
  public static RingConfig ofBytes(long bytes) {
    int blockSize = (int) Math.min(DEFAULT.blockSize(), bytes / 2);
    int snap = Math.min(DEFAULT.snapLength(), blockSize - 256);
    return new RingConfig(blockSize, (int) (bytes / blockSize), DEFAULT.blockTimeoutMillis(), snap);
  }

  /** The ring's memory in bytes. */
  public long bytes() {
    return (long) blockSize * blocks;
  }
}
