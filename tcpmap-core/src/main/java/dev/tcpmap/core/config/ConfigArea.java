package dev.tcpmap.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The keys one part of tcpmap owns (the tracer's, the store's, the API's…) and the configuration it
 * makes of them. Each module declares its area beside the code that uses it; the executable
 * composes the areas into one {@link Configuration}, from which the docs, the environment variables
 * and the command-line options are made.
 *
 * @param <T> the area's own configuration, an immutable record
 */
public interface ConfigArea<T> {

  /** Every key of the area, in the order the docs list them. */
  List<Setting<?>> settings();

  /**
   * The area's configuration from the resolved values of its keys. Rules that tie several keys
   * together are checked here, and a violation is a {@link ConfigException} naming the keys.
   */
  T read(Values values);

  /**
   * The area of {@code settings}, whose configuration {@code read} makes of their values. {@link
   * Keys} spares an area listing its keys again after declaring them.
   */
  static <T> ConfigArea<T> of(List<Setting<?>> settings, Function<Values, T> read) {
    List<Setting<?>> keys = List.copyOf(settings);
    return new ConfigArea<>() {
      @Override
      public List<Setting<?>> settings() {
        return keys;
      }

      @Override
      public T read(Values values) {
        return read.apply(values);
      }
    };
  }

  /**
   * An area's keys, collected as the area declares them, so that each key is written once: in its
   * declaration. The docs list the keys in that order.
   *
   * <pre>{@code
   * private static final ConfigArea.Keys KEYS = new ConfigArea.Keys();
   * public static final Setting<Duration> TIMEOUT =
   *     Setting.of("x.timeout", "5s", Parsers::positiveDuration).in(KEYS);
   * public static final ConfigArea<Config> AREA = KEYS.area(XSettings::read);
   * }</pre>
   *
   * <p>Declared before the keys and closed by {@link #area}: a key declared after the area would be
   * missing from it, so adding one then fails the class's initialisation.
   */
  final class Keys {
    private final List<Setting<?>> settings = new ArrayList<>();
    private boolean closed;

    /** Adds {@code setting} to the area's keys; {@link Setting#in} calls it. */
    void add(Setting<?> setting) {
      if (closed) {
        throw new IllegalStateException("declared after its area: " + setting.key());
      }
      settings.add(setting);
    }

    /**
     * The area of the keys added so far, whose configuration {@code read} makes of their values.
     */
    public <T> ConfigArea<T> area(Function<Values, T> read) {
      closed = true;
      return ConfigArea.of(settings, read);
    }
  }
}
