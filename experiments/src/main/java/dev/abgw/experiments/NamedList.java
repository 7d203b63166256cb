package dev.abgw.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * A list of named objects in a definition ({@code /variants}, {@code /metrics}, {@code /segments}): reads
 * each item, and checks that names follow their pattern and are unique, pointing a duplicate at its first use.
 */
final class NamedList {
  private final String pointer;
  private final Map<String, Integer> firstIndex = new HashMap<>();

  NamedList(String pointer) {
    this.pointer = pointer;
  }

  /**
   * Reads every element that is an object with {@code item} (a non-object is reported by {@link ObjectReader});
   * items that return null had mistakes, already reported.
   */
  <T> List<T> read(List<JsonNode> items, Problems problems, BiFunction<ObjectReader, Integer, T> item) {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ObjectReader r = ObjectReader.of(items.get(i), JsonPointers.index(pointer, i), problems);
      if (r != null) {
        T t = item.apply(r, i);
        if (t != null) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /** The {@code name} of item {@code i}, or null (reported) when missing, off-pattern or already used. */
  String name(ObjectReader r, int i, Pattern pattern, String rule) {
    String name = r.string("name", true);
    if (name == null) {
      return null;
    }
    if (!pattern.matcher(name).matches()) {
      r.problems().add(r.at("name"), rule + " (was " + JsonValues.quote(name) + ")");
      return null;
    }
    Integer first = firstIndex.putIfAbsent(name, i);
    if (first != null) {
      r.problems().add(r.at("name"), "must be unique (" + JsonValues.quote(name) + " is already the name of "
          + JsonPointers.index(pointer, first) + ")");
      return null;
    }
    return name;
  }
}
