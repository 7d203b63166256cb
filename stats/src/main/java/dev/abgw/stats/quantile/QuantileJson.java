package dev.abgw.stats.quantile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link QuantileReport} as JSON:
 * <pre>
 * {"control": "a", "alpha": 0.05, "quantiles": [0.5, 0.9, 0.95, 0.99],
 *  "variants": [
 *    {"variant": "a", "count": 1000,
 *     "values": [{"q": 0.5, "value": 12.3, "ci": [12.0, 12.6], "se": 0.15, "reason": null}, ...]},
 *    {"variant": "b", "count": 990,
 *     "values": [{"q": 0.5, "value": 12.9, "ci": [12.5, 13.2], "se": 0.18, "reason": null,
 *                 "difference": {"effect": 0.6, "se": 0.23, "ci": [0.15, 1.05], "relative": 0.049,
 *                                "pValue": 0.009, "reason": null}}, ...]}]}
 * </pre>
 * Never NaN or Infinity: a missing number is {@code null} and {@code reason} names a {@link QuantileReason}.
 */
public final class QuantileJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private QuantileJson() {
  }

  /** The report as a JSON tree. */
  public static ObjectNode toNode(QuantileReport report) {
    ObjectNode root = NODES.objectNode();
    root.put("control", report.control());
    root.put("alpha", report.alpha());
    // Order-statistic intervals treat every request as independent: valid when units send one
    // request each, too narrow when heavy users send many. So quantiles never decide anything.
    root.put("level", "request");
    root.put("decisive", false);
    ArrayNode quantiles = root.putArray("quantiles");
    report.quantiles().forEach(quantiles::add);
    ArrayNode variants = root.putArray("variants");
    report.variants().forEach(v -> variants.add(variant(v)));
    return root;
  }

  /** The report as a compact JSON string. */
  public static String toJson(QuantileReport report) {
    try {
      return MAPPER.writeValueAsString(toNode(report));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of numbers and strings always serializes", e);
    }
  }

  private static ObjectNode variant(VariantQuantiles v) {
    ObjectNode node = NODES.objectNode();
    node.put("variant", v.variant());
    node.put("count", v.count());
    ArrayNode values = node.putArray("values");
    v.values().forEach(q -> values.add(value(q)));
    return node;
  }

  private static ObjectNode value(QuantileValue q) {
    QuantileCi e = q.estimate();
    ObjectNode node = NODES.objectNode();
    node.put("q", e.p());
    node.put("value", e.value());
    putInterval(node, "ci", e.ci());
    node.put("se", e.standardError());
    putReason(node, e.reason());
    if (q.difference() != null) {
      node.set("difference", difference(q.difference()));
    }
    return node;
  }

  private static ObjectNode difference(QuantileComparison d) {
    ObjectNode node = NODES.objectNode();
    node.put("effect", d.effect());
    node.put("se", d.standardError());
    putInterval(node, "ci", d.ci());
    node.put("relative", d.relative());
    node.put("pValue", d.pValue());
    putReason(node, d.reason());
    return node;
  }

  private static void putInterval(ObjectNode node, String field, Interval ci) {
    if (ci == null) {
      node.putNull(field);
    } else {
      node.putArray(field).add(ci.low()).add(ci.high());
    }
  }

  private static void putReason(ObjectNode node, QuantileReason reason) {
    if (reason == null) {
      node.putNull("reason");
    } else {
      node.put("reason", reason.name());
    }
  }
}
