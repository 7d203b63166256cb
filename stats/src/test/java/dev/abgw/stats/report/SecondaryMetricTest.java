package dev.abgw.stats.report;

import dev.abgw.experiments.Direction;
import static dev.abgw.stats.report.Samples.CLOCK;
import static dev.abgw.stats.report.Samples.binary;
import static dev.abgw.stats.report.Samples.continuous;
import static dev.abgw.stats.report.Samples.twoArms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.stats.RatioStats;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A secondary metric ({@link MetricInput#asSecondary()}, e.g. the derived {@code NAME.bad}) is
 * reported with its verdict, corrected in its own family, and named in the sentence, but never
 * decides the action.
 */
class SecondaryMetricTest {

  private static MetricInput metric(String name, MetricKind kind, Direction direction, RatioStats c,
      RatioStats t) {
    return MetricInput.of(name, kind, direction, Map.of("control", c, "treatment", t));
  }

  private static Report build(MetricInput... metrics) {
    return ReportBuilder.build(ReportInput.of("exp-secondary", "control", AnalysisConfig.defaults(),
        twoArms(3000, 3000), List.of(metrics)), CLOCK).report();
  }

  private static Comparison treatment(Report report, String metric) {
    return report.metrics().stream().filter(m -> m.metric().equals(metric)).findFirst().orElseThrow()
        .variants().get(1).comparison();
  }

  @Test
  void a_secondary_loss_alone_does_not_roll_back() {
    SplittableRandom r = new SplittableRandom(61);
    Report report = build(
        metric("score", MetricKind.CONTINUOUS, Direction.INCREASE, continuous(r, 3000, 3.0, 1.0),
            continuous(r, 3000, 3.0, 1.0)),
        metric("score.bad", MetricKind.BINARY, Direction.DECREASE, binary(r, 3000, 0.10),
            binary(r, 3000, 0.20)).asSecondary());
    assertThat(treatment(report, "score.bad").verdict()).isEqualTo(Verdict.WORSE);
    assertThat(report.decision().action()).isEqualTo(Action.KEEP_RUNNING);
    assertThat(report.decision().reason()).startsWith("keep running: no significant difference yet")
        .endsWith("; also treatment (secondary, not decisive) worse on score.bad");
  }

  @Test
  void a_secondary_win_alone_does_not_ship() {
    SplittableRandom r = new SplittableRandom(62);
    Report report = build(
        metric("score", MetricKind.CONTINUOUS, Direction.INCREASE, continuous(r, 3000, 3.0, 1.0),
            continuous(r, 3000, 3.0, 1.0)),
        metric("score.bad", MetricKind.BINARY, Direction.DECREASE, binary(r, 3000, 0.20),
            binary(r, 3000, 0.10)).asSecondary());
    assertThat(treatment(report, "score.bad").verdict()).isEqualTo(Verdict.BETTER);
    assertThat(report.decision().action()).isEqualTo(Action.KEEP_RUNNING);
    assertThat(report.decision().reason())
        .endsWith("; also treatment (secondary, not decisive) better on score.bad");
  }

  @Test
  void secondary_metrics_are_corrected_in_their_own_family() {
    SplittableRandom r = new SplittableRandom(63);
    MetricInput score = metric("score", MetricKind.CONTINUOUS, Direction.INCREASE,
        continuous(r, 3000, 3.0, 1.0), continuous(r, 3000, 3.06, 1.0));
    MetricInput bad = metric("score.bad", MetricKind.BINARY, Direction.DECREASE,
        binary(r, 3000, 0.20), binary(r, 3000, 0.19));
    Report alone = build(score);
    Report withSecondary = build(score, bad.asSecondary());
    Report bothDecisive = build(score, bad);
    double raw = treatment(alone, "score").absolute().pValue();
    assertThat(treatment(alone, "score").adjustedPValue()).isEqualTo(raw);
    assertThat(treatment(withSecondary, "score").adjustedPValue())
        .as("a secondary metric does not weaken the decisive family").isEqualTo(raw);
    assertThat(treatment(withSecondary, "score.bad").adjustedPValue())
        .isEqualTo(treatment(withSecondary, "score.bad").absolute().pValue());
    assertThat(treatment(bothDecisive, "score").adjustedPValue()).isGreaterThan(raw);
  }
}
