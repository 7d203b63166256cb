package dev.abgw.stats.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.abgw.stats.quantile.QuantileJson;
import dev.abgw.stats.quantile.QuantileReport;
import dev.abgw.stats.test.BayesianResult;
import dev.abgw.stats.test.PowerResult;
import dev.abgw.stats.test.Reason;
import dev.abgw.stats.test.SequentialResult;
import dev.abgw.stats.test.TestResult;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link Report} as JSON with the field names of {@code docs/report.schema.json}: the one
 * encoder of the report, used by the admin API and {@code abgw analyze} ({@link #toJson}).
 * Numbers are never NaN or infinite: a statistic that could not be computed is {@code null}
 * next to a {@code reason}.
 */
public final class ReportJson {
  private static final com.fasterxml.jackson.databind.ObjectMapper EVIDENCE = new com.fasterxml.jackson.databind.ObjectMapper();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReportJson() {}

  public static String toJson(Report r) {
    try {
      return MAPPER.writeValueAsString(toNode(r));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write report " + r.experiment(), e);
    }
  }

  public static ObjectNode toNode(Report r) {
    ObjectNode root = NODES.objectNode();
    root.put("experiment", r.experiment());
    root.put("generatedAt", r.generatedAt().toString());
    root.set("analysis", analysis(r.analysis()));
    root.set("srm", srm(r.srm()));
    ArrayNode variants = root.putArray("variants");
    for (VariantSummary v : r.variants()) {
      ObjectNode node = variants.addObject();
      node.put("variant", v.variant());
      node.put("units", v.units());
      node.put("requests", v.requests());
      number(node, "weight", v.weight());
    }
    ArrayNode metrics = root.putArray("metrics");
    for (MetricReport m : r.metrics()) {
      metrics.add(metric(m));
    }
    ArrayNode regressions = root.putArray("regressions");
    for (Regression g : r.regressions()) {
      regressions.add(regression(g));
    }
    ArrayNode warnings = root.putArray("warnings");
    r.warnings().forEach(warnings::add);
    ObjectNode decision = root.putObject("decision");
    decision.put("action", name(r.decision().action()));
    decision.put("variant", r.decision().variant());
    decision.put("reason", r.decision().reason());
    decision.put("rule", r.decision().rule().json());
    ArrayNode guardrails = root.putArray("guardrails");
    for (GuardrailResult g : r.guardrails()) {
      guardrails.add(guardrail(g));
    }
    ArrayNode rollbacks = root.putArray("rollbacks");
    for (Rollback b : r.rollbacks()) {
      ObjectNode item = rollbacks.addObject();
      item.put("variant", b.variant());
      item.set("evidence", EVIDENCE.valueToTree(b.evidence()));
    }
    if (r.serving() != null) serving(r.serving(), root);
    if (r.timeseries() != null) timeseries(r.timeseries(), root);
    return root;
  }

  /** {@code timeseries.exposure} at the root, and each metric's {@code timeseries} per treatment. */
  private static void timeseries(TimeSeriesReport t, ObjectNode root) {
    ArrayNode exposure = root.putObject("timeseries").putArray("exposure");
    for (TimeSeriesReport.ExposurePoint p : t.exposure()) {
      ObjectNode o = exposure.addObject();
      o.put("end", p.end().toString());
      o.put("bucketMinutes", p.bucketMinutes());
      ObjectNode units = o.putObject("units");
      p.units().forEach(units::put);
      ObjectNode requests = o.putObject("requests");
      p.requests().forEach(requests::put);
      number(o, "srmPValue", p.srmPValue());
      o.put("srmMismatch", p.srmMismatch());
    }
    for (com.fasterxml.jackson.databind.JsonNode metric : root.path("metrics")) {
      String name = metric.path("metric").asText();
      TimeSeriesReport.MetricSeries series = t.metrics().stream().filter(m -> m.metric().equals(name))
          .findFirst().orElse(null);
      if (series == null) continue;
      ArrayNode variants = ((ObjectNode) metric).putArray("timeseries");
      for (TimeSeriesReport.VariantSeries v : series.variants()) {
        ObjectNode vo = variants.addObject();
        vo.put("variant", v.variant());
        ArrayNode points = vo.putArray("points");
        for (TimeSeriesReport.EffectPoint p : v.points()) {
          ObjectNode o = points.addObject();
          o.put("end", p.end().toString());
          o.put("units", p.units());
          o.put("controlUnits", p.controlUnits());
          number(o, "mean", p.mean());
          number(o, "controlMean", p.controlMean());
          number(o, "effect", p.effect());
          o.set("interval", interval(p.low(), p.high()));
          number(o, "pValue", p.pValue());
          o.put("test", p.sequential() ? "sequential" : "fixed");
          reason(o, p.reason());
        }
      }
    }
  }

  private static void serving(ServingSection s, ObjectNode root) {
    if (!s.rows().isEmpty()) {
      ArrayNode rows = root.putArray("serving");
      for (ServingSection.Row row : s.rows()) {
        ObjectNode o = rows.addObject();
        o.put("variant", row.variant());
        o.put("requests", row.requests());
        ObjectNode shares = o.putObject("servedBy");
        row.servedBy().forEach(shares::put);
        o.put("selfShare", row.selfShare());
        o.put("fallbackShare", row.fallbackShare());
        o.put("unservedShare", row.unservedShare());
        o.put("units", row.units());
      }
    }
    if (s.asServedDimensions().isEmpty()) return;
    for (com.fasterxml.jackson.databind.JsonNode metric : root.path("metrics")) {
      for (com.fasterxml.jackson.databind.JsonNode seg : metric.path("segments")) markAsServed(seg, s);
    }
    for (com.fasterxml.jackson.databind.JsonNode reg : root.path("regressions")) markAsServed(reg, s);
  }

  private static void markAsServed(com.fasterxml.jackson.databind.JsonNode node, ServingSection s) {
    if (node instanceof ObjectNode o && s.asServedDimensions().contains(o.path("dimension").asText())) {
      o.put("randomized", false);
    }
  }

  private static ObjectNode analysis(AnalysisConfig a) {
    ObjectNode node = NODES.objectNode();
    number(node, "alpha", a.alpha());
    node.put("mode", name(a.mode()));
    node.put("correction", name(a.correction()));
    number(node, "sequentialTuning", a.sequentialTuning());
    number(node, "srmThreshold", a.srmThreshold());
    number(node, "priorSd", a.priorSd());
    node.put("minUnitsPerSegment", a.minUnitsPerSegment());
    number(node, "power", a.power());
    number(node, "targetLift", a.targetLift());
    return node;
  }

  private static ObjectNode srm(SrmSection s) {
    ObjectNode node = NODES.objectNode();
    number(node, "pValue", s.pValue());
    node.put("mismatch", s.mismatch());
    number(node, "threshold", s.threshold());
    ObjectNode observed = node.putObject("observed");
    s.observed().forEach(observed::put);
    ObjectNode expected = node.putObject("expected");
    for (Map.Entry<String, Double> e : s.expected().entrySet()) {
      number(expected, e.getKey(), e.getValue());
    }
    return node;
  }

  private static ObjectNode metric(MetricReport m) {
    ObjectNode node = NODES.objectNode();
    node.put("metric", m.metric());
    node.put("type", name(m.kind()));
    node.put("direction", name(m.direction()));
    if (m.role() != null) {
      node.put("role", name(m.role()));
    }
    ArrayNode variants = node.putArray("variants");
    for (VariantResult v : m.variants()) {
      variants.add(variant(v));
    }
    ArrayNode segments = node.putArray("segments");
    for (SegmentReport s : m.segments()) {
      segments.add(segment(s));
    }
    quantiles(node, m.quantiles());
    return node;
  }

  private static ObjectNode variant(VariantResult v) {
    ObjectNode node = NODES.objectNode();
    node.put("variant", v.variant());
    node.put("control", v.control());
    node.put("units", v.units());
    node.put("n", v.n());
    number(node, "mean", v.mean());
    if (v.control()) {
      return node;
    }
    Comparison c = v.comparison();
    node.set("absolute", test(c.absolute()));
    node.set("relative", test(c.relative()));
    if (c.sequential() != null) {
      ObjectNode seq = node.putObject("sequential");
      seq.set("absolute", sequential(c.sequential().absolute()));
      seq.set("relative", sequential(c.sequential().relative()));
    }
    number(node, "adjustedPValue", c.adjustedPValue());
    node.set("bayesian", bayesian(c.bayesian()));
    node.set("mde", mde(c.mde()));
    node.put("verdict", name(c.verdict()));
    reason(node, c.reason());
    return node;
  }

  private static ObjectNode segment(SegmentReport s) {
    ObjectNode node = NODES.objectNode();
    node.put("dimension", s.dimension());
    node.put("segment", s.segment());
    node.put("enoughData", s.enoughData());
    ArrayNode variants = node.putArray("variants");
    for (SegmentVariantResult v : s.variants()) {
      ObjectNode vn = variants.addObject();
      vn.put("variant", v.variant());
      vn.put("control", v.control());
      vn.put("units", v.units());
      vn.put("n", v.n());
      number(vn, "mean", v.mean());
      if (v.control()) {
        continue;
      }
      vn.set("absolute", test(v.absolute()));
      vn.set("relative", test(v.relative()));
      number(vn, "adjustedPValue", v.adjustedPValue());
      vn.put("verdict", name(v.verdict()));
      number(vn, "interactionPValue", v.interactionPValue());
      reason(vn, v.reason());
    }
    quantiles(node, s.quantiles());
    return node;
  }

  private static void quantiles(ObjectNode node, QuantileReport q) {
    if (q != null) {
      node.set("quantiles", QuantileJson.toNode(q));
    }
  }

  private static ObjectNode regression(Regression g) {
    ObjectNode node = NODES.objectNode();
    node.put("metric", g.metric());
    node.put("variant", g.variant());
    node.put("dimension", g.dimension());
    node.put("segment", g.segment());
    number(node, "effect", g.effect());
    node.set("ci", interval(g.low(), g.high()));
    number(node, "adjustedPValue", g.adjustedPValue());
    number(node, "relativeEffect", g.relativeEffect());
    node.put("units", g.units());
    return node;
  }

  private static ObjectNode test(TestResult t) {
    if (t == null) {
      return null;
    }
    ObjectNode node = NODES.objectNode();
    number(node, "effect", t.effect());
    number(node, "se", t.se());
    node.set("ci", interval(t.low(), t.high()));
    number(node, "pValue", t.pValue());
    number(node, "dof", t.dof());
    return node;
  }

  private static ObjectNode sequential(SequentialResult s) {
    if (s == null) {
      return null;
    }
    ObjectNode node = NODES.objectNode();
    node.set("ci", interval(s.low(), s.high()));
    number(node, "pValue", s.pValue());
    return node;
  }

  private static ObjectNode bayesian(BayesianResult b) {
    if (b == null) {
      return null;
    }
    ObjectNode node = NODES.objectNode();
    number(node, "chanceToWin", b.chanceToWin());
    node.set("ci", interval(b.low(), b.high()));
    number(node, "expectedLoss", b.expectedLoss());
    return node;
  }

  private static ObjectNode mde(PowerResult p) {
    if (p == null) {
      return null;
    }
    ObjectNode node = NODES.objectNode();
    number(node, "absolute", p.mdeAbsolute());
    number(node, "relative", p.mdeRelative().isPresent() ? p.mdeRelative().getAsDouble() : null);
    if (p.unitsNeededPerArm().isPresent()) {
      node.put("unitsNeededPerArm", p.unitsNeededPerArm().getAsLong());
    } else {
      node.putNull("unitsNeededPerArm");
    }
    return node;
  }

  private static ObjectNode guardrail(GuardrailResult g) {
    ObjectNode node = NODES.objectNode();
    node.put("metric", g.metric());
    node.put("variant", g.variant());
    node.putObject("margin").put(g.margin().relative() ? "relative" : "absolute", g.margin().value());
    node.put("threshold", g.threshold());
    node.put("status", g.status().json());
    number(node, "effect", g.effect());
    number(node, "safeBound", g.safeBound());
    number(node, "breachBound", g.breachBound());
    number(node, "pValue", g.pValue());
    number(node, "breachPValue", g.breachPValue());
    node.put("units", g.units());
    node.put("test", g.alwaysValid() ? "sequential" : "fixed");
    reason(node, g.reason());
    return node;
  }

  private static ArrayNode interval(Double low, Double high) {
    if (low == null || high == null || !Double.isFinite(low) || !Double.isFinite(high)) {
      return null;
    }
    ArrayNode node = NODES.arrayNode();
    node.add(low);
    node.add(high);
    return node;
  }

  private static void reason(ObjectNode node, Reason reason) {
    if (reason == null) {
      node.putNull("reason");
    } else {
      node.put("reason", reason.name());
    }
  }

  /** Writes null for absent or non-finite values: JSON has no NaN. */
  private static void number(ObjectNode node, String field, Double value) {
    if (value == null || !Double.isFinite(value)) {
      node.putNull(field);
    } else {
      node.put(field, value.doubleValue());
    }
  }

  /** JSON spelling of an enum: lower case, KEEP_RUNNING becomes "keep running". */
  public static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
