package dev.abgw.analysis.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The wire spelling of the event enums: the constant's name in lower case ({@code STATUS_5XX} is {@code status_5xx}). */
final class WireNames {
  private WireNames() {}

  static String of(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming {@code field}, every spelling and the value seen */
  static <E extends Enum<E>> E parse(Class<E> type, String field, String wire) {
    for (E e : type.getEnumConstants()) if (of(e).equals(wire)) return e;
    String known = Arrays.stream(type.getEnumConstants()).map(WireNames::of).collect(Collectors.joining(", "));
    throw new IllegalArgumentException(field + " must be one of " + known + " (was "
        + (wire == null ? "missing" : "\"" + wire + "\"") + ")");
  }
}
