package dev.abgw.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers for showing JSON values in messages and turning them into plain Java values. */
final class JsonValues {

  private static final int MAX_SHOWN = 80;

  private JsonValues() {}

  /** How a value is shown after "was": {@code "fifty"}, {@code -5}, {@code true}, {@code an object}. */
  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
      return Double.toString(node.doubleValue()); // Jackson would print it as a quoted string
    }
    String s = node.toString();
    return s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "…" : s;
  }

  /** {@code s} as a JSON string literal for messages, shortened when long. */
  static String quote(String s) {
    return describe(com.fasterxml.jackson.databind.node.TextNode.valueOf(s));
  }

  /** The JSON-shaped Java value of {@code node}: null, String, Boolean, Long/BigInteger, Double/BigDecimal, List, Map. */
  static Object toJava(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    }
    if (node.isBigDecimal()) {
      return node.decimalValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      for (JsonNode e : node) {
        list.add(toJava(e));
      }
      return Collections.unmodifiableList(list);
    }
    if (node.isObject()) {
      return toJavaMap(node);
    }
    return node.asText(); // binary or POJO nodes do not come out of a JSON text
  }

  static Map<String, Object> toJavaMap(JsonNode object) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      map.put(e.getKey(), toJava(e.getValue()));
    }
    return Collections.unmodifiableMap(map);
  }
}
