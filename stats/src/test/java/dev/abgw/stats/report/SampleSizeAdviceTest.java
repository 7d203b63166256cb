package dev.abgw.stats.report;

import dev.abgw.experiments.Correction;
import dev.abgw.experiments.Mode;
import dev.abgw.experiments.Direction;
import static dev.abgw.stats.report.Samples.CLOCK;
import static dev.abgw.stats.report.Samples.continuous;
import static dev.abgw.stats.report.Samples.twoArms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.abgw.stats.RatioStats;
import dev.abgw.stats.test.PowerResult;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * The sample-size advice ({@code mde}, {@code unitsNeededPerArm}) plans for the test the decision will
 * run: the per-comparison alpha after the family correction (Bonferroni alpha/m, the level at which
 * Holm and Benjamini-Hochberg reject a comparison whatever the others show) and, in sequential mode,
 * the confidence sequence's wider boundary. The expected numbers are derived here from the formulas.
 */
class SampleSizeAdviceTest {

  private static final NormalDistribution NORMAL = new NormalDistribution();
  private static final int UNITS = 500;
  private static final double POWER = 0.8;
  private static final double TARGET_LIFT = 0.05;

  private final SplittableRandom random = new SplittableRandom(51);
  private final RatioStats controlHelpfulness = continuous(random, UNITS, 3.0, 1.0);
  private final RatioStats treatmentHelpfulness = continuous(random, UNITS, 3.0, 1.0);
  private final RatioStats controlLatency = continuous(random, UNITS, 800, 100);
  private final RatioStats treatmentLatency = continuous(random, UNITS, 800, 100);

  /** Sample variance of one-observation-per-unit statistics (n - 1 denominator). */
  private static double variance(RatioStats s) {
    return (s.sumS2() - s.sumS() * s.sumS() / s.units()) / (s.units() - 1);
  }

  private PowerResult advice(AnalysisConfig config) {
    MetricInput helpfulness = MetricInput.of("helpfulness", MetricKind.CONTINUOUS, Direction.INCREASE,
        Map.of("control", controlHelpfulness, "treatment", treatmentHelpfulness));
    MetricInput latency = MetricInput.of("latency", MetricKind.CONTINUOUS, Direction.DECREASE,
        Map.of("control", controlLatency, "treatment", treatmentLatency));
    Report report = ReportBuilder.build(ReportInput.of("exp-power", "control", config,
        twoArms(UNITS, UNITS), List.of(helpfulness, latency)), CLOCK).report();
    return report.metrics().get(0).variants().get(1).comparison().mde();
  }

  private static AnalysisConfig config(Mode mode, Correction correction) {
    return new AnalysisConfig(0.05, mode, correction, 5000, 0.001, 0.3, 100, POWER, TARGET_LIFT);
  }

  @Test
  void fixed_mode_with_a_correction_plans_at_alpha_over_the_number_of_comparisons() {
    double vc = variance(controlHelpfulness);
    double vt = variance(treatmentHelpfulness);
    double meanC = controlHelpfulness.sumS() / UNITS;
    for (Correction correction : List.of(Correction.HOLM, Correction.BH, Correction.NONE)) {
      // 2 metrics x 1 treatment = 2 comparisons in the family.
      double alpha = correction == Correction.NONE ? 0.05 : 0.05 / 2;
      double m = NORMAL.inverseCumulativeProbability(1 - alpha / 2) + NORMAL.inverseCumulativeProbability(POWER);
      double mde = m * Math.sqrt(vc / UNITS + vt / UNITS);
      double delta = TARGET_LIFT * meanC;
      long needed = (long) Math.ceil(m * m * (vc + vt) / (delta * delta) - UNITS);

      PowerResult p = advice(config(Mode.FIXED, correction));
      assertThat(p.mdeAbsolute()).as("%s mde", correction).isCloseTo(mde, within(1e-9 * mde));
      assertThat(p.unitsNeededPerArm()).as("%s units", correction).hasValue(needed);
    }
  }

  /**
   * Confidence-sequence half-width factor at N total units (docs/statistics.md, ConfidenceSequence):
   * w(N) = sqrt((1 + 1/r)(ln(1 + r) + 2 ln(1/alpha))), r = N c / N*, c = 2 ln(1/alpha) + ln(1 + 2 ln(1/alpha)).
   */
  private static double sequentialFactor(double totalUnits, double alpha, double tuning) {
    double l = Math.log(1 / alpha);
    double r = totalUnits * (2 * l + Math.log(1 + 2 * l)) / tuning;
    return Math.sqrt((1 + 1 / r) * (Math.log1p(r) + 2 * l));
  }

  @Test
  void sequential_mode_plans_for_the_confidence_sequence_at_the_corrected_alpha() {
    double vc = variance(controlHelpfulness);
    double vt = variance(treatmentHelpfulness);
    double meanC = controlHelpfulness.sumS() / UNITS;
    double alpha = 0.05 / 2;
    double zPower = NORMAL.inverseCumulativeProbability(POWER);
    double mde = (sequentialFactor(2 * UNITS, alpha, 5000) + zPower) * Math.sqrt(vc / UNITS + vt / UNITS);
    double delta = TARGET_LIFT * meanC;
    // Smallest n per arm at which the sequential test detects delta with the planned power.
    long n = 1;
    while ((sequentialFactor(2.0 * n, alpha, 5000) + zPower) * Math.sqrt((vc + vt) / n) > delta) {
      n++;
    }
    PowerResult p = advice(config(Mode.SEQUENTIAL, Correction.HOLM));
    assertThat(p.mdeAbsolute()).isCloseTo(mde, within(1e-9 * mde));
    assertThat(p.unitsNeededPerArm()).hasValue(n - UNITS);

    PowerResult fixed = advice(config(Mode.FIXED, Correction.HOLM));
    assertThat(p.unitsNeededPerArm().getAsLong()).as("the wider boundary needs more units")
        .isGreaterThan(fixed.unitsNeededPerArm().getAsLong());
  }
}
