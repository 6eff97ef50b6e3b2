package dev.tcpmap.api.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

/**
 * One log line as a JSON object, as log collectors in a cluster read them: {@code time} (RFC 3339
 * UTC), {@code level} ({@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN}, {@code ERROR}),
 * {@code logger}, {@code msg} (Go's slog keys), and {@code error} when an exception came with it.
 */
public final class LogJson {
  private LogJson() {}

  /** The line, without its line break. */
  public static String line(
      Instant time, String level, String logger, String message, Optional<String> error) {
    StringWriter out = new StringWriter(96 + message.length());
    try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("time", time.toString());
      g.writeStringField("level", level);
      g.writeStringField("logger", logger);
      g.writeStringField("msg", message);
      if (error.isPresent()) {
        g.writeStringField("error", error.get());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
