package dev.abgw.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the fields of one JSON object, reporting wrong types, missing required fields and unknown fields to a
 * {@link Problems}. Every getter returns {@code null} when the field is absent or unusable, so a parser can go on
 * and find the next mistake.
 */
final class ObjectReader {

  private final JsonNode node;
  private final String pointer;
  private final Problems problems;
  private final Set<String> known = new LinkedHashSet<>();

  private ObjectReader(JsonNode node, String pointer, Problems problems) {
    this.node = node;
    this.pointer = pointer;
    this.problems = problems;
  }

  /** A reader for {@code node}, or {@code null} (after reporting) when it is not an object. */
  static ObjectReader of(JsonNode node, String pointer, Problems problems) {
    if (node == null || !node.isObject()) {
      problems.add(pointer, "must be an object (was " + JsonValues.describe(node) + ")");
      return null;
    }
    return new ObjectReader(node, pointer, problems);
  }

  String pointer() {
    return pointer;
  }

  Problems problems() {
    return problems;
  }

  /** Pointer to {@code field} of this object. */
  String at(String field) {
    return JsonPointers.child(pointer, field);
  }

  /** The raw value of {@code field} (marking it known), or {@code null} when absent. */
  JsonNode raw(String field) {
    known.add(field);
    return node.get(field);
  }

  boolean has(String field) {
    return node.has(field);
  }

  private JsonNode present(String field, boolean required) {
    JsonNode v = raw(field);
    if (v == null && required) {
      problems.add(at(field), "is required");
    }
    return v;
  }

  String string(String field, boolean required) {
    JsonNode v = present(field, required);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      problems.add(at(field), "must be a string (was " + JsonValues.describe(v) + ")");
      return null;
    }
    return v.textValue();
  }

  /** A finite number. */
  Double number(String field, boolean required) {
    JsonNode v = present(field, required);
    if (v == null) {
      return null;
    }
    if (!v.isNumber()) {
      problems.add(at(field), "must be a number (was " + JsonValues.describe(v) + ")");
      return null;
    }
    double d = v.doubleValue();
    if (!Double.isFinite(d)) {
      problems.add(at(field), "must be a finite number (was " + JsonValues.describe(v) + ")");
      return null;
    }
    return d;
  }

  /** A whole number that fits a long ({@code 30000} and {@code 30000.0} both do). */
  Long whole(String field, boolean required) {
    JsonNode v = present(field, required);
    if (v == null) {
      return null;
    }
    if (!v.isNumber() || !Numbers.isWhole(v.doubleValue()) || Math.abs(v.doubleValue()) > 0x1p62) {
      problems.add(at(field), "must be a whole number (was " + JsonValues.describe(v) + ")");
      return null;
    }
    return v.longValue();
  }

  /** One of the JSON spellings of {@code type}; {@code fallback} when absent and not required. */
  <E extends Enum<E> & JsonEnum> E choice(String field, Class<E> type, boolean required, E fallback) {
    JsonNode v = present(field, required);
    if (v == null) {
      return fallback;
    }
    E e = v.isTextual() ? JsonEnum.fromJson(type, v.textValue()).orElse(null) : null;
    if (e == null) {
      problems.add(at(field), "must be one of " + String.join(", ", JsonEnum.spellings(type))
          + " (was " + JsonValues.describe(v) + ")");
    }
    return e;
  }

  /** A nested object's reader, or {@code null} when absent or not an object. */
  ObjectReader object(String field, boolean required) {
    JsonNode v = present(field, required);
    return v == null ? null : of(v, at(field), problems);
  }

  /** The elements of an array field, or {@code null} when absent or not an array. */
  List<JsonNode> array(String field, boolean required) {
    JsonNode v = present(field, required);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      problems.add(at(field), "must be an array (was " + JsonValues.describe(v) + ")");
      return null;
    }
    List<JsonNode> items = new ArrayList<>(v.size());
    v.forEach(items::add);
    return items;
  }

  /** Reports {@code field} as not allowed here, when present, and marks it known so it is not also "unknown". */
  void forbid(String field, String why) {
    if (raw(field) != null) {
      problems.add(at(field), "is " + why);
    }
  }

  /** Reports every field that no getter asked for: typos are caught instead of silently ignored. */
  void rejectUnknown() {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        problems.add(at(name), "is not a known field (known: " + String.join(", ", known) + ")");
      }
    }
  }
}
