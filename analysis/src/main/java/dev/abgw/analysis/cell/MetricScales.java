package dev.abgw.analysis.cell;

import dev.abgw.experiments.MetricSpec;
import dev.abgw.stats.quantile.ValueScale;

/** The tail-histogram scale of each continuous metric, shared by live recording and offline analysis. */
public final class MetricScales {
  private MetricScales() {}

  /** Milliseconds with microsecond resolution for latencies, counts for tokens, scores for judgments. */
  public static ValueScale of(MetricSpec m) {
    if (m.field() == null) return ValueScale.scores();
    return switch (m.field()) {
      case LATENCY_MS, TTFB_MS -> ValueScale.latencyMillis();
      default -> ValueScale.counts();
    };
  }
}
