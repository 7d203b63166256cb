package dev.abgw.stats.report;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who served each variant's counted requests (experiments with a {@code resilience} block). Every request
 * stays its assigned variant's (intent to treat); these shares say how much of a variant's result describes
 * the variant itself. {@code asServedDimensions} are segment dimensions read from {@code servedBy}: chosen by
 * failures, not by the hash, so their segments and regressions are written with {@code "randomized": false}.
 */
public record ServingSection(List<Row> rows, Set<String> asServedDimensions) {
  public ServingSection {
    rows = List.copyOf(rows);
    asServedDimensions = Set.copyOf(asServedDimensions);
  }

  /**
   * One variant: {@code servedBy} maps each server (the variant, a fallback variant, {@code static}, or the
   * none marker when the client got an error) to its share; the three shares are null without requests.
   */
  public record Row(String variant, long requests, Map<String, Double> servedBy, Double selfShare,
                    Double fallbackShare, Double unservedShare, long units) {
    public Row {
      servedBy = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(servedBy));
    }
  }
}
