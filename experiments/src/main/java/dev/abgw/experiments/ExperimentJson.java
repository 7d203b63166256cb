package dev.abgw.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON of an experiment: every field written out, defaults included, in the order of the format
 * ({@code id, description, status, salt, route, unit, variants, control, allocation, metrics, analysis, segments,
 * monitor}; {@code monitor} only when set).
 * Optional values that are unset ({@code route.host}, metric bounds) are left out. Whole numbers are written
 * without a fraction. {@code ExperimentParser.parse(toJson(e))} gives back an equal experiment.
 */
public final class ExperimentJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ExperimentJson() {}

  /** Compact canonical JSON text. */
  public static String toJson(Experiment e) {
    try {
      return ExperimentParser.MAPPER.writeValueAsString(toNode(e));
    } catch (JsonProcessingException ex) {
      throw new UncheckedIOException(ex); // a tree of plain nodes always serializes
    }
  }

  /** Canonical JSON tree; the caller owns it and may change it. */
  public static ObjectNode toNode(Experiment e) {
    ObjectNode o = F.objectNode();
    o.put("id", e.id());
    o.put("description", e.description());
    o.put("status", e.status().json());
    o.put("salt", e.salt());
    o.set("route", route(e.route()));
    o.set("unit", unit(e.unit()));
    ArrayNode variants = o.putArray("variants");
    e.variants().forEach(v -> variants.add(variant(v)));
    o.put("control", e.control());
    if (e.rollout() == null) {
      o.set("allocation", number(e.allocation()));
    }
    ArrayNode metrics = o.putArray("metrics");
    e.metrics().forEach(m -> metrics.add(metric(m)));
    o.set("analysis", analysis(e.analysis()));
    ArrayNode segments = o.putArray("segments");
    e.segments().forEach(s -> segments.add(segment(s)));
    if (e.monitor() != null) {
      ObjectNode m = o.putObject("monitor");
      m.put("intervalSeconds", e.monitor().intervalSeconds());
      m.put("autoRollback", e.monitor().autoRollback());
      if (e.monitor().webhook() != null) {
        m.put("webhook", e.monitor().webhook().toString());
      }
    }
    if (e.rollout() != null) {
      ArrayNode stages = o.putObject("rollout").putArray("stages");
      for (RolloutStage st : e.rollout().stages()) {
        stages.addObject().<ObjectNode>set("allocation", number(st.allocation())).put("minUnits", st.minUnits())
            .set("minMinutes", number(st.minMinutes()));
      }
    }
    ResilienceJson.write(e, o);
    return o;
  }

  private static ObjectNode route(Route r) {
    ObjectNode o = F.objectNode();
    o.put("pathPrefix", r.pathPrefix());
    if (r.host() != null) {
      o.put("host", r.host());
    }
    return o;
  }

  private static ObjectNode unit(UnitSpec u) {
    ObjectNode o = F.objectNode();
    o.put("source", u.source().json());
    if (u.name() != null) {
      o.put("name", u.name());
    }
    if (u.pointer() != null) {
      o.put("pointer", u.pointer());
    }
    o.put("fallback", u.fallback().json());
    return o;
  }

  private static ObjectNode variant(Variant v) {
    ObjectNode o = F.objectNode();
    o.put("name", v.name());
    o.put("upstream", v.upstream().toString());
    o.set("weight", number(v.weight()));
    o.put("timeoutMillis", v.timeoutMillis());
    o.set("metadata", value(v.metadata()));
    return o;
  }

  private static ObjectNode metric(MetricSpec m) {
    ObjectNode o = F.objectNode();
    o.put("name", m.name());
    o.put("type", m.type().json());
    o.put("direction", m.direction().json());
    o.put("source", m.source().json());
    if (m.field() != null) {
      o.put("field", m.field().json());
    }
    if (m.min() != null) {
      o.set("min", number(m.min()));
    }
    if (m.max() != null) {
      o.set("max", number(m.max()));
    }
    if (m.badBelow() != null) {
      o.set("badBelow", number(m.badBelow()));
    }
    if (m.role() != null) {
      o.put("role", m.role().json());
    }
    if (m.margin() != null) {
      o.putObject("margin").set(m.margin().kind(), number(m.margin().value()));
    }
    return o;
  }

  private static ObjectNode analysis(AnalysisSpec a) {
    ObjectNode o = F.objectNode();
    o.set("alpha", number(a.alpha()));
    o.put("mode", a.mode().json());
    o.put("correction", a.correction().json());
    o.set("sequentialTuning", number(a.sequentialTuning()));
    o.set("srmThreshold", number(a.srmThreshold()));
    o.put("minUnitsPerSegment", a.minUnitsPerSegment());
    o.set("priorSd", number(a.priorSd()));
    o.set("power", number(a.power()));
    o.set("targetLift", number(a.targetLift()));
    return o;
  }

  private static ObjectNode segment(SegmentDimension s) {
    ObjectNode o = F.objectNode();
    o.put("name", s.name());
    o.put("source", s.source().json());
    o.put("key", s.key());
    if (!s.buckets().isEmpty()) {
      ArrayNode b = o.putArray("buckets");
      s.buckets().forEach(v -> b.add(number(v)));
    }
    o.put("maxValues", s.maxValues());
    return o;
  }

  /** Whole values as integers ({@code 50}, not {@code 50.0}); others as doubles. Parsing gives the same double. */
  private static JsonNode number(double v) {
    return Numbers.isWhole(v) && Math.abs(v) < 0x1p53 ? F.numberNode((long) v) : F.numberNode(v);
  }

  private static JsonNode value(Object v) {
    if (v == null) {
      return F.nullNode();
    }
    if (v instanceof String s) {
      return F.textNode(s);
    }
    if (v instanceof Boolean b) {
      return F.booleanNode(b);
    }
    if (v instanceof Long l) {
      return F.numberNode(l);
    }
    if (v instanceof Double d) {
      return F.numberNode(d);
    }
    if (v instanceof BigInteger b) {
      return F.numberNode(b);
    }
    if (v instanceof BigDecimal b) {
      return F.numberNode(b);
    }
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = F.objectNode();
      m.forEach((k, x) -> o.set((String) k, value(x)));
      return o;
    }
    if (v instanceof List<?> l) {
      ArrayNode a = F.arrayNode();
      l.forEach(x -> a.add(value(x)));
      return a;
    }
    throw new IllegalStateException("metadata holds a non-JSON value: " + v.getClass().getName());
  }
}
