package dev.abgw.experiments;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An enum whose constants have a fixed spelling in the experiment JSON format
 * ({@code "inputLength"}, {@code "bh"}, {@code "latencyMs"}).
 */
public interface JsonEnum {

  /** The spelling of this constant in the JSON format. */
  String json();

  /** The constant of {@code type} spelled {@code s} in JSON (exact, case-sensitive), if any. */
  static <E extends Enum<E> & JsonEnum> Optional<E> fromJson(Class<E> type, String s) {
    if (s == null) {
      return Optional.empty();
    }
    for (E e : type.getEnumConstants()) {
      if (e.json().equals(s)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** The JSON spellings of every constant of {@code type}, in declaration order. */
  static <E extends Enum<E> & JsonEnum> List<String> spellings(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(JsonEnum::json).toList();
  }
}
