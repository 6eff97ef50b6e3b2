package dev.tcpmap.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tcpmap.api.testing.GoldenFiles;
import dev.tcpmap.query.TimeRange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every answer one agent gives another must do on the wire: match its golden file, read back
 * to exactly what was written, and refuse a wrong shape with a message naming the place. A subclass
 * names the format and its sample, and lists its broken answers in a static {@code broken()}
 * returning a {@code Stream<Broken>}.
 *
 * @param <T> the answer read and written
 */
abstract class PeerAnswerContract<T> {
  static final TimeRange RANGE = new TimeRange(1_000, 2_000);

  /** Writes an answer for a window, as the format under test does. */
  interface Writer<T> {
    ObjectNode write(TimeRange range, T answer);
  }

  /** Reads an answer, as the format under test does. */
  interface Reader<T> {
    T read(InputStream in) throws IOException, MalformedAnswerException;
  }

  private final String goldenFile;
  private final Writer<T> writer;
  private final Reader<T> reader;

  /**
   * @param goldenFile the golden file of {@code writer.write(RANGE, sample())}
   */
  PeerAnswerContract(String goldenFile, Writer<T> writer, Reader<T> reader) {
    this.goldenFile = goldenFile;
    this.writer = writer;
    this.reader = reader;
  }

  /** An answer with every field at an awkward value. */
  abstract T sample();

  final ObjectNode write(TimeRange range, T answer) {
    return writer.write(range, answer);
  }

  final T read(InputStream in) throws IOException, MalformedAnswerException {
    return reader.read(in);
  }

  final T read(String json) throws IOException, MalformedAnswerException {
    return read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  static String text(ObjectNode node) throws IOException {
    return Json.mapper().writeValueAsString(node);
  }

  /** A change to a valid answer and the start of the message it must give. */
  record Broken(String name, Consumer<ObjectNode> change, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  @Test
  void write_matchesGoldenFile() throws Exception {
    GoldenFiles.assertJsonMatches(goldenFile, write(RANGE, sample()));
  }

  @Test
  void write_thenRead_roundTripsExactly() throws Exception {
    T sample = sample();

    T back = read(text(write(RANGE, sample)));

    assertThat(back).isEqualTo(sample);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broken")
  void read_wrongShape_isMalformedNamingThePlace(Broken broken) throws IOException {
    ObjectNode answer = write(RANGE, sample());
    broken.change().accept(answer);
    String json = text(answer);

    assertThatThrownBy(() -> read(json))
        .isInstanceOf(MalformedAnswerException.class)
        .hasMessageStartingWith(broken.message());
  }
}
