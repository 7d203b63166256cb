package dev.abgw.stats.report;

import dev.abgw.experiments.Direction;
import dev.abgw.stats.RatioStats;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded sample statistics and small builders for report tests. */
final class Samples {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

  private Samples() {}

  /** {@code units} units with one normal observation each. */
  static RatioStats continuous(SplittableRandom random, int units, double mean, double sd) {
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < units; i++) {
      double x = mean + sd * random.nextGaussian();
      sum += x;
      squares += x * x;
    }
    return RatioStats.of(units, sum, squares, units, units, sum);
  }

  /** {@code units} units with one 0/1 observation each. */
  static RatioStats binary(SplittableRandom random, int units, double p) {
    long successes = 0;
    for (int i = 0; i < units; i++) {
      if (random.nextDouble() < p) {
        successes++;
      }
    }
    return RatioStats.of(units, successes, successes, units, units, successes);
  }

  static List<ArmInput> twoArms(long controlUnits, long treatmentUnits) {
    return List.of(ArmInput.of("control", 0.5, controlUnits, controlUnits),
        ArmInput.of("treatment", 0.5, treatmentUnits, treatmentUnits));
  }

  static MetricInput metric(String name, MetricKind kind, Direction direction,
      RatioStats control, RatioStats treatment) {
    return MetricInput.of(name, kind, direction, Map.of("control", control, "treatment", treatment));
  }

  static ReportInput input(AnalysisConfig config, List<ArmInput> arms, MetricInput... metrics) {
    return ReportInput.of("exp-1", "control", config, arms, List.of(metrics));
  }
}
