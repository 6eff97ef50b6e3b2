package dev.tcpmap.core.config;

import java.util.Map;
import java.util.Set;

/** The resolved, parsed value of every key of a configuration. Immutable. */
public final class Values {
  private final Map<Setting<?>, Object> values;
  private final Set<Setting<?>> given;

  Values(Map<Setting<?>, Object> values, Set<Setting<?>> given) {
    this.values = Map.copyOf(values);
    this.given = Set.copyOf(given);
  }

  /**
   * Whether the user gave {@code setting} a value (a command-line option or an environment
   * variable), rather than leaving it at its default: a default may suit one command and not
   * another (reverse DNS for the live agent, not for a capture file from elsewhere).
   */
  public boolean given(Setting<?> setting) {
    return given.contains(setting);
  }

  /**
   * The value of {@code setting}.
   *
   * @throws IllegalArgumentException for a setting of no area of this configuration (a bug)
   */
  @SuppressWarnings("unchecked") // each value was parsed by its own setting's parser
  public <T> T get(Setting<T> setting) {
    Object value = values.get(setting);
    if (value == null) {
      throw new IllegalArgumentException("not a key of this configuration: " + setting.key());
    }
    return (T) value;
  }
}
