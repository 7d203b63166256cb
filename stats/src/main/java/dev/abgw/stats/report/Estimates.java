package dev.abgw.stats.report;

import dev.abgw.stats.RatioStats;
import dev.abgw.stats.test.ArmEstimate;

/** Chooses the arm estimate for a metric kind: proportion for 0/1 values, else the ratio. */
final class Estimates {

  private Estimates() {}

  static ArmEstimate of(RatioStats stats, MetricKind kind) {
    return kind == MetricKind.BINARY ? ArmEstimate.ofBinary(stats) : ArmEstimate.of(stats);
  }

  static Double mean(RatioStats stats) {
    return stats.sumN() > 0 ? stats.sumS() / stats.sumN() : null;
  }

  static long observations(RatioStats stats) {
    return Math.round(stats.sumN());
  }
}
