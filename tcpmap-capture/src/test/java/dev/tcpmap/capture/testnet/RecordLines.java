package dev.tcpmap.capture.testnet;

import dev.tcpmap.core.model.IpAddress;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.StringJoiner;

/**
 * The peers' plain-text protocol: a record as one line of its components in declaration order,
 * separated by single spaces. The last component may hold spaces (a line is split into exactly as
 * many fields as the record has components). Components are {@code int}, {@code long}, {@link
 * IpAddress}, {@link Ending} (by its wire name) or {@code String}.
 */
final class RecordLines {
  private RecordLines() {}

  static String format(Record record) {
    StringJoiner line = new StringJoiner(" ");
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      Object value = invoke(() -> component.getAccessor().invoke(record));
      line.add(value instanceof Ending ending ? ending.wireName() : String.valueOf(value));
    }
    return line.toString();
  }

  /**
   * The record written as {@code line} by {@link #format(Record)}.
   *
   * @throws IllegalArgumentException if the line has too few fields or one does not parse
   */
  static <R extends Record> R parse(Class<R> type, String line) {
    RecordComponent[] components = type.getRecordComponents();
    String[] fields = line.strip().split(" ", components.length);
    if (fields.length != components.length) {
      throw new IllegalArgumentException(
          type.getSimpleName() + " line needs " + components.length + " fields: " + line);
    }
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] = value(types[i], fields[i]);
    }
    return invoke(() -> type.getDeclaredConstructor(types).newInstance(values));
  }

  private static Object value(Class<?> type, String field) {
    if (type == int.class) {
      return Integer.parseInt(field);
    } else if (type == long.class) {
      return Long.parseLong(field);
    } else if (type == IpAddress.class) {
      return IpAddress.parse(field);
    } else if (type == Ending.class) {
      return Ending.fromWireName(field);
    } else if (type == String.class) {
      return field;
    }
    throw new IllegalArgumentException("no line format for a component of " + type);
  }

  private interface Reflective<T> {
    T call() throws ReflectiveOperationException;
  }

  /** Runs a reflective call; a check the record's constructor makes is rethrown as it is. */
  private static <T> T invoke(Reflective<T> call) {
    try {
      return call.call();
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
