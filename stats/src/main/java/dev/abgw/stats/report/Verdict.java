package dev.abgw.stats.report;

/** Outcome of one comparison after correction, in the metric's desired direction. */
public enum Verdict {
  BETTER, WORSE, INCONCLUSIVE
}
