package dev.tcpmap.store;

/** One bucket of one width, ordered by start, then width: the key of a row besides its edge. */
record Slot(long start, long width) implements Comparable<Slot> {

  @Override
  public int compareTo(Slot other) {
    int c = Long.compare(start, other.start);
    return c != 0 ? c : Long.compare(width, other.width);
  }
}
