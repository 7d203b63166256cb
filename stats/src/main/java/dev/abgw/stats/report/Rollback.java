package dev.abgw.stats.report;

import java.util.Map;

/**
 * A treatment the guardrail monitor stopped, with the evidence it recorded at that moment (metric, effect,
 * interval, units, time: the monitor's audit event). Its earlier data stays in the report.
 *
 * @param variant the stopped treatment
 * @param evidence the audit event as plain JSON values (maps, lists, strings, numbers, booleans)
 */
public record Rollback(String variant, Map<String, Object> evidence) {
  public Rollback {
    if (variant == null || variant.isEmpty()) throw new IllegalArgumentException("variant must not be empty");
    evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
  }
}
