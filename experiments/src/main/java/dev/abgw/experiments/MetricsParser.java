package dev.abgw.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Reads and checks {@code /metrics}. */
final class MetricsParser {

  // Bounds check posted judgments and badBelow derives NAME.bad from them; on a proxy metric both would be ignored.
  private static final String PROXY_MEASURES = "only allowed for judgment metrics (source is proxy: the gateway measures it)";

  private MetricsParser() {}

  /** The metrics, or {@code null} when any has a mistake; every mistake is reported. */
  static List<MetricSpec> metrics(ObjectReader root) {
    List<JsonNode> items = root.array("metrics", true);
    if (items == null) {
      return null;
    }
    Problems problems = root.problems();
    int before = problems.count();
    String pointer = root.at("metrics");
    if (items.isEmpty()) {
      problems.add(pointer, "must have at least 1 metric (was 0)");
    }
    NamedList list = new NamedList(pointer);
    List<MetricSpec> metrics = list.read(items, problems, (r, i) -> metric(r, list, i));
    RoleParser.checkAcross(items, pointer, problems);
    return problems.count() == before ? metrics : null;
  }

  private static MetricSpec metric(ObjectReader r, NamedList list, int i) {
    Problems problems = r.problems();
    int before = problems.count();
    String name = list.name(r, i, MetricSpec.NAME, "must be 1 to 64 lower-case letters, digits or '_'");
    MetricType type = r.choice("type", MetricType.class, true, null);
    Direction direction = r.choice("direction", Direction.class, true, null);
    MetricSource source = r.choice("source", MetricSource.class, false, MetricSource.JUDGMENT);
    ProxyField field = field(r, source, type);
    Double min = bound(r, "min", type, source);
    Double max = bound(r, "max", type, source);
    boolean boundsOk = min == null || max == null || min <= max;
    if (!boundsOk) {
      problems.add(r.at("min"), "must be <= max (was " + Numbers.format(min) + " > " + Numbers.format(max) + ")");
    }
    // With crossed bounds, checking badBelow against them would only repeat the same mistake.
    Double badBelow = boundsOk ? badBelow(r, type, source, min, max) : badBelow(r, type, source, null, null);
    RoleParser.Declared role = RoleParser.role(r);
    r.rejectUnknown();
    return problems.count() == before
        ? new MetricSpec(name, type, direction, source, field, min, max, badBelow, role.role(), role.margin()) : null;
  }

  private static ProxyField field(ObjectReader r, MetricSource source, MetricType type) {
    if (source == MetricSource.JUDGMENT) {
      r.forbid("field", "only allowed for source proxy (source is judgment)");
      return null;
    }
    if (source == null) {
      r.raw("field");
      return null;
    }
    ProxyField field = r.choice("field", ProxyField.class, true, null);
    if (field != null && type != null && field.metricType() != type) {
      r.problems().add(r.at("field"), "\"" + field.json() + "\" needs type " + field.metricType().json()
          + " (type is " + type.json() + ")");
      return null;
    }
    return field;
  }

  private static Double bound(ObjectReader r, String which, MetricType type, MetricSource source) {
    if (type == MetricType.BINARY) {
      r.forbid(which, "not allowed for binary metrics (values are 0 or 1)");
      return null;
    }
    if (source == MetricSource.PROXY) {
      r.forbid(which, PROXY_MEASURES);
      return null;
    }
    return r.number(which, false);
  }

  private static Double badBelow(ObjectReader r, MetricType type, MetricSource source, Double min, Double max) {
    if (type == MetricType.BINARY) {
      r.forbid("badBelow", "only allowed for continuous metrics (type is binary)");
      return null;
    }
    if (source == MetricSource.PROXY) {
      r.forbid("badBelow", PROXY_MEASURES);
      return null;
    }
    Double badBelow = r.number("badBelow", false);
    if (badBelow != null && ((min != null && badBelow < min) || (max != null && badBelow > max))) {
      String range = min != null && max != null ? "between " + Numbers.format(min) + " and " + Numbers.format(max)
          : min != null ? ">= min " + Numbers.format(min) : "<= max " + Numbers.format(max);
      r.problems().add(r.at("badBelow"), "must be " + range + " (was " + Numbers.format(badBelow) + ")");
      return null;
    }
    return badBelow;
  }
}
