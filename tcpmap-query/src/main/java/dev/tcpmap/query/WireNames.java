package dev.tcpmap.query;

import java.util.Locale;
import java.util.function.Function;

/**
 * Query parameters that name an enum constant by its lower-case name ({@code stats-type=bytes}).
 */
public final class WireNames {
  private WireNames() {}

  /** The name a parameter gives {@code constant}: its Java name in lower case. */
  public static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The constant named {@code text}; missing or empty means {@code fallback}.
   *
   * @throws QueryException {@code unknown}'s, for any other text
   */
  public static <E extends Enum<E>> E parse(
      String text, E fallback, Function<String, QueryException> unknown) {
    if (text == null || text.isEmpty()) {
      return fallback;
    }
    for (E constant : fallback.getDeclaringClass().getEnumConstants()) {
      if (of(constant).equals(text)) {
        return constant;
      }
    }
    throw unknown.apply(text);
  }
}
