package dev.abgw.experiments;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A metric the experiment is judged on.
 *
 * @param name unique within the experiment, {@code ^[a-z0-9_]{1,64}$}
 * @param type binary (values 0 or 1) or continuous
 * @param direction which way is better
 * @param source posted judgments, or a field the proxy measures
 * @param field the proxy measurement for {@code PROXY} metrics; {@code null} for judgments
 * @param min lowest accepted value, or {@code null}; continuous judgment metrics only
 * @param max highest accepted value, or {@code null}; continuous judgment metrics only
 * @param badBelow continuous judgment metrics only: a value below it counts as a "bad answer" in the long-tail
 *     report, or {@code null}
 * @param role what the metric does in the decision, or {@code null} when the definition uses no roles
 *     (every metric then decides, as before roles existed)
 * @param margin the acceptable worsening of a guardrail; required for {@link MetricRole#GUARDRAIL}, else {@code null}
 */
public record MetricSpec(String name, MetricType type, Direction direction, MetricSource source, ProxyField field,
                         Double min, Double max, Double badBelow, MetricRole role, Margin margin) {

  static final Pattern NAME = Pattern.compile("^[a-z0-9_]{1,64}$");

  /**
   * Largest magnitude of a continuous value, whatever the declared bounds: a tail histogram records
   * judgment scores in hundredths up to 2^53 units (about 9.0e13), so 1e12 leaves room at every scale and
   * no real score, count or duration comes near it. Checked here, before the store, so a value the
   * histogram cannot hold is a 400 for the client rather than a failure after the write.
   */
  public static final double MAX_MAGNITUDE = 1e12;

  public MetricSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(source, "source");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must match " + NAME.pattern() + " (was \"" + name + "\")");
    }
    if (source == MetricSource.PROXY && field == null) {
      throw new IllegalArgumentException("field is required for proxy metric " + name);
    }
    if (source == MetricSource.JUDGMENT && field != null) {
      throw new IllegalArgumentException("field is only allowed for proxy metrics (metric " + name + " has " + field.json() + ")");
    }
    if (field != null && field.metricType() != type) {
      throw new IllegalArgumentException("field " + field.json() + " needs type " + field.metricType().json()
          + " (metric " + name + " is " + type.json() + ")");
    }
    if (type == MetricType.BINARY && (min != null || max != null || badBelow != null)) {
      throw new IllegalArgumentException("min, max and badBelow are not allowed for binary metric " + name);
    }
    if (source == MetricSource.PROXY && (min != null || max != null || badBelow != null)) {
      throw new IllegalArgumentException("min, max and badBelow are only allowed for judgment metrics (" + name + " is a proxy metric)");
    }
    requireFinite("min", min);
    requireFinite("max", max);
    requireFinite("badBelow", badBelow);
    if (min != null && max != null && min > max) {
      throw new IllegalArgumentException("min must be <= max (was " + Numbers.format(min) + " > " + Numbers.format(max) + ")");
    }
    if ((role == MetricRole.GUARDRAIL) != (margin != null)) {
      throw new IllegalArgumentException("metric " + name + ": a margin is required for a guardrail and only allowed"
          + " there (role " + (role == null ? "none" : role.json()) + ", margin " + margin + ")");
    }
  }

  /** A metric without a role (definitions that use no roles). */
  public MetricSpec(String name, MetricType type, Direction direction, MetricSource source, ProxyField field,
                    Double min, Double max, Double badBelow) {
    this(name, type, direction, source, field, min, max, badBelow, null, null);
  }

  /** This metric with a role and, for a guardrail, its margin. */
  public MetricSpec withRole(MetricRole newRole, Margin newMargin) {
    return new MetricSpec(name, type, direction, source, field, min, max, badBelow, newRole, newMargin);
  }

  /** A judgment metric without bounds. */
  public static MetricSpec judgment(String name, MetricType type, Direction direction) {
    return new MetricSpec(name, type, direction, MetricSource.JUDGMENT, null, null, null, null);
  }

  /** A proxy metric; its type follows from the field. */
  public static MetricSpec proxy(String name, ProxyField field, Direction direction) {
    return new MetricSpec(name, field.metricType(), direction, MetricSource.PROXY, field, null, null, null);
  }

  /**
   * Checks one observed value against this metric's type and bounds (and {@link #MAX_MAGNITUDE}). The live
   * judgment API and the offline analysis both call it, through {@link JudgmentValue}.
   *
   * @return empty if {@code value} is acceptable, else a message naming the rule and the value
   */
  public Optional<String> checkValue(double value) {
    if (!Double.isFinite(value)) {
      return Optional.of("value must be a finite number (was " + value + ")");
    }
    if (type == MetricType.BINARY) {
      return value == 0 || value == 1
          ? Optional.empty()
          : Optional.of("value must be 0 or 1 for binary metric " + name + " (was " + Numbers.format(value) + ")");
    }
    boolean low = min != null && value < min;
    boolean high = max != null && value > max;
    if (!low && !high) {
      return Math.abs(value) <= MAX_MAGNITUDE ? Optional.empty()
          : Optional.of("value must be between -1e12 and 1e12, the range tail quantiles record (was "
              + Numbers.format(value) + ")");
    }
    String rule = min != null && max != null
        ? "between " + Numbers.format(min) + " and " + Numbers.format(max)
        : min != null ? ">= " + Numbers.format(min) : "<= " + Numbers.format(max);
    return Optional.of("value must be " + rule + " (was " + Numbers.format(value) + ")");
  }

  /** Whether {@code value} counts as a bad answer: below {@link #badBelow()} when it is set. */
  public boolean isBad(double value) {
    return badBelow != null && value < badBelow;
  }

  private static void requireFinite(String what, Double v) {
    if (v != null && !Double.isFinite(v)) {
      throw new IllegalArgumentException(what + " must be a finite number (was " + v + ")");
    }
  }
}
