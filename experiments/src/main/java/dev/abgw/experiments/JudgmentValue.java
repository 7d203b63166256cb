package dev.abgw.experiments;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The value of one judgment, checked the same way wherever it comes from: the live {@code POST /judgments}
 * and the offline {@code analyze} of an export both call {@link #parse} (the JSON value's type) and
 * {@link MetricSpec#checkValue} (the metric's type and bounds), or both at once with {@link #check}. So a
 * value the gateway refuses is skipped offline with the same message, and never reaches the statistics.
 */
public final class JudgmentValue {

  private JudgmentValue() {}

  /**
   * A value, or the error that names the field, the rule and the value seen (JSON pointer first, as in
   * {@code "/value must be between 1 and 5 (was 7)"}).
   */
  public record Checked(Double value, String error) {
    public Checked {
      if ((value == null) == (error == null)) {
        throw new IllegalArgumentException("exactly one of value and error must be set");
      }
    }

    public boolean valid() {
      return value != null;
    }
  }

  /** The JSON value as a number: a finite number, or a boolean (true 1, false 0). */
  public static Checked parse(Object raw) {
    if (raw == null) {
      return new Checked(null, "/value is required");
    }
    if (raw instanceof Boolean b) {
      return new Checked(b ? 1.0 : 0.0, null);
    }
    if (raw instanceof Number n && Double.isFinite(n.doubleValue())) {
      return new Checked(n.doubleValue(), null);
    }
    return new Checked(null, "/value must be a finite number or a boolean (was " + describe(raw) + ")");
  }

  /** {@link #parse} then {@code metric.checkValue}. */
  public static Checked check(MetricSpec metric, Object raw) {
    Checked parsed = parse(raw);
    if (!parsed.valid()) {
      return parsed;
    }
    return metric.checkValue(parsed.value()).map(e -> new Checked(null, "/" + e)).orElse(parsed);
  }

  /** The judgment metric {@code name} of {@code e}: a metric with source {@code judgment}. */
  public static Optional<MetricSpec> judgmentMetric(Experiment e, String name) {
    return e.metric(name).filter(m -> m.source() == MetricSource.JUDGMENT);
  }

  /** The error for a judgment whose metric is not one of {@code e}'s judgment metrics. */
  public static String unknownMetric(Experiment e, Object name) {
    List<String> names = e.metrics().stream().filter(m -> m.source() == MetricSource.JUDGMENT)
        .map(MetricSpec::name).toList();
    return "/metric must name a judgment metric of experiment " + e.id() + " " + names + " (was "
        + describe(name) + ")";
  }

  /** A JSON value as a person reads it in an error message: strings quoted (clipped to 40 characters). */
  public static String describe(Object v) {
    if (v instanceof String s) {
      return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }
    if (v instanceof Number || v instanceof Boolean || v == null) {
      return String.valueOf(v);
    }
    String type = v.getClass().getSimpleName();
    if (v instanceof Map || type.endsWith("Object")) {
      return "an object";
    }
    if (v instanceof Collection || type.endsWith("Array")) {
      return "an array";
    }
    return String.valueOf(v);
  }
}
