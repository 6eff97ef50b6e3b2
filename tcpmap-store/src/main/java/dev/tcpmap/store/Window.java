package dev.tcpmap.store;

/**
 * A time range {@code [fromMillis, toMillis)} in epoch milliseconds.
 *
 * @param fromMillis inclusive start
 * @param toMillis exclusive end
 */
public record Window(long fromMillis, long toMillis) {

  public Window {
    if (toMillis < fromMillis) {
      throw new IllegalArgumentException(
          "range ends before it starts: " + fromMillis + " > " + toMillis);
    }
  }

  public boolean isEmpty() {
    return fromMillis == toMillis;
  }
}
