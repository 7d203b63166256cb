package dev.abgw.experiments;

import java.util.Optional;

/**
 * What a metric does in the decision. Without any role in a definition every metric decides as
 * before (better on one and worse on none ships, worse on any rolls back); once one metric has a
 * role every metric must have one.
 */
public enum MetricRole implements JsonEnum {
  /** Decides shipping: two-sided test, at least one goal per definition with roles. */
  GOAL("goal"),
  /** May worsen within its {@link Margin}; a breach beyond it rolls back. One-sided non-inferiority test. */
  GUARDRAIL("guardrail"),
  /** Reported, never decisive. */
  SECONDARY("secondary");

  private final String json;

  MetricRole(String json) {
    this.json = json;
  }

  @Override
  public String json() {
    return json;
  }

  /** The constant spelled {@code s} in the JSON format (exact, case-sensitive), if any. */
  public static Optional<MetricRole> fromJson(String s) {
    return JsonEnum.fromJson(MetricRole.class, s);
  }
}
