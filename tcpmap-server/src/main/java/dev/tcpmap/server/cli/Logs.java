package dev.tcpmap.server.cli;

import dev.tcpmap.api.wire.LogJson;
import dev.tcpmap.core.format.Printable;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Optional;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One format for every line tcpmap logs. Its components log through {@code System.Logger} (and
 * fabric8 and Jetty through slf4j), both of which end in java.util.logging, whose default prints
 * two lines per message in a format of its own; the commands print their own lines ({@code tcpmap
 * agent: …}). Here java.util.logging gets one handler that writes one line per message, as {@code
 * tcpmap <component>: [level: ]message} or as a JSON object ({@link LogJson}); in JSON the
 * commands' own lines become JSON objects too, so that a log collector reads every line alike.
 */
final class Logs {
  private Logs() {}

  /**
   * Sets up logging as {@code config} says and returns the context whose streams carry the
   * command's own lines in the same format: standard error always, and standard output too for a
   * {@code daemon} (the agent, whose standard output is a log, not a report).
   */
  static Context apply(Context context, LogSettings.Config config, boolean daemon) {
    InstantSource clock = InstantSource.system();
    PrintStream target = context.err();
    Logger root = LogManager.getLogManager().getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    Handler handler = new LineHandler(target, config.json(), clock);
    handler.setLevel(config.level());
    root.addHandler(handler);
    root.setLevel(config.level());
    if (!config.json()) {
      return context;
    }
    PrintStream err = jsonLines(target, clock);
    PrintStream out = daemon ? jsonLines(context.out(), clock) : context.out();
    return new Context(
        out,
        err,
        context.environment(),
        context.stderrIsTerminal(),
        context.onServing(),
        context.sources(),
        context.captures(),
        context.onShutdown());
  }

  /** A stream whose every line reaches {@code target} as a JSON object at level INFO. */
  private static PrintStream jsonLines(PrintStream target, InstantSource clock) {
    OutputStream lines =
        new OutputStream() {
          private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);

          @Override
          public void write(int b) {
            if (b == '\n') {
              String text = line.toString(StandardCharsets.UTF_8);
              line.reset();
              target.println(
                  LogJson.line(clock.instant(), "INFO", "tcpmap", text, Optional.empty()));
            } else {
              line.write(b);
            }
          }
        };
    return new PrintStream(lines, true, StandardCharsets.UTF_8);
  }

  /** Writes each record as one line. */
  private static final class LineHandler extends Handler {
    private final PrintStream out;
    private final boolean json;
    private final InstantSource clock;
    private final Formatter messages =
        new Formatter() {
          @Override
          public String format(LogRecord record) {
            return formatMessage(record);
          }
        };

    LineHandler(PrintStream out, boolean json, InstantSource clock) {
      this.out = out;
      this.json = json;
      this.clock = clock;
    }

    @Override
    public void publish(LogRecord record) {
      if (!isLoggable(record)) {
        return;
      }
      String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
      String message = messages.format(record);
      Optional<String> error = Optional.ofNullable(record.getThrown()).map(Throwable::toString);
      if (json) {
        out.println(
            LogJson.line(
                record.getInstant() == null ? clock.instant() : record.getInstant(),
                levelName(record.getLevel()),
                logger,
                message,
                error));
        return;
      }
      String level =
          record.getLevel().intValue() == Level.INFO.intValue()
              ? ""
              : levelName(record.getLevel()).toLowerCase(java.util.Locale.ROOT) + ": ";
      out.println(
          Printable.of(
              "tcpmap "
                  + component(logger)
                  + ": "
                  + level
                  + message
                  + error.map(e -> " (" + e + ")").orElse("")));
    }

    @Override
    public void flush() {
      out.flush();
    }

    @Override
    public void close() {
      flush();
    }
  }

  /** {@code packet} for {@code dev.tcpmap.packet.InterfaceTable}; other loggers by full name. */
  static String component(String logger) {
    String prefix = "dev.tcpmap.";
    if (!logger.startsWith(prefix)) {
      return logger.isEmpty() ? "log" : logger;
    }
    int dot = logger.indexOf('.', prefix.length());
    return dot < 0 ? logger.substring(prefix.length()) : logger.substring(prefix.length(), dot);
  }

  /** slog's names for java.util.logging's levels. */
  static String levelName(Level level) {
    int value = level.intValue();
    if (value >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (value >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (value >= Level.INFO.intValue()) {
      return "INFO";
    }
    return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
  }
}
