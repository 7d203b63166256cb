package dev.abgw.stats.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sample-ratio-mismatch check: p-value of Pearson's chi-square of {@code observed} units per
 * variant against the {@code expected} shares; {@code mismatch} when {@code pValue < threshold}.
 */
public record SrmSection(double pValue, boolean mismatch, double threshold,
    Map<String, Long> observed, Map<String, Double> expected) {

  public SrmSection {
    observed = Collections.unmodifiableMap(new LinkedHashMap<>(observed));
    expected = Collections.unmodifiableMap(new LinkedHashMap<>(expected));
  }
}
