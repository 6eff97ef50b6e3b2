package dev.tcpmap.server.cli;

import dev.tcpmap.capture.CaptureAnalyzer;
import java.io.PrintStream;

/**
 * A one-line progress bar on a terminal: percentage of the file read, rate and time left, redrawn
 * at most five times a second and erased when done.
 */
final class ProgressBar implements CaptureAnalyzer.Progress {
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private long lastDraw;
  private boolean drawn;

  ProgressBar(PrintStream out) {
    this.out = out;
  }

  @Override
  public void update(long position, long size) {
    long now = System.nanoTime();
    if (size <= 0 || now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    double fraction = Math.min(1.0, (double) position / size);
    int filled = (int) (fraction * WIDTH);
    double seconds = (now - startNanos) / 1e9;
    double mbPerSecond = seconds > 0 ? position / 1e6 / seconds : 0;
    long left = fraction > 0 ? Math.round(seconds / fraction - seconds) : 0;
    out.printf(
        "\r[%s%s] %3d%%  %,.0f MB/s  %ds left ",
        "#".repeat(filled),
        " ".repeat(WIDTH - filled),
        Math.round(fraction * 100),
        mbPerSecond,
        left);
    out.flush();
    drawn = true;
  }

  /** Erases the bar so that what follows starts on a clean line. */
  void clear() {
    if (drawn) {
      out.print("\r" + " ".repeat(WIDTH + 40) + "\r");
      out.flush();
    }
  }
}
