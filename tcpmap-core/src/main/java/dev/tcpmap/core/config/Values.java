package dev.tcpmap.core.config;

import java.util.Map;

/** The resolved, parsed value of every key of a configuration. Immutable. */
public final class Values {
  private final Map<Setting<?>, Object> values;

  Values(Map<Setting<?>, Object> values) {
    this.values = Map.copyOf(values);
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
