package dev.abgw.experiments;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, order-preserving, unmodifiable copies of free-form variant metadata. Values are JSON-shaped:
 * {@code null}, {@link String}, {@link Boolean}, {@link Number}, {@code List} and {@code Map<String, ?>}.
 * {@code Map.copyOf} is not used because JSON {@code null} values must survive.
 */
final class Metadata {

  private Metadata() {}

  static Map<String, Object> freeze(Map<String, ?> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : map.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("metadata keys must not be null");
      }
      copy.put(e.getKey(), freezeValue(e.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Object freezeValue(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double
        || v instanceof BigInteger || v instanceof BigDecimal) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("metadata keys must be strings (was " + e.getKey() + ")");
        }
        copy.put(key, freezeValue(e.getValue()));
      }
      return Collections.unmodifiableMap(copy);
    }
    if (v instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      for (Object o : l) {
        copy.add(freezeValue(o));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException(
        "metadata values must be JSON values (null, string, boolean, number, list, map), was " + v.getClass().getName());
  }
}
