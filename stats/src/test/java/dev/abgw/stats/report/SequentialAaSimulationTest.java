package dev.abgw.stats.report;

import static dev.abgw.stats.report.Samples.CLOCK;
import static dev.abgw.stats.report.Samples.continuous;
import static dev.abgw.stats.report.Samples.input;
import static dev.abgw.stats.report.Samples.metric;
import static dev.abgw.stats.report.Samples.twoArms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.experiments.Direction;
import dev.abgw.experiments.Mode;
import dev.abgw.stats.RatioStats;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A/A experiments looked at 20 times each, through the real builder with the sequential state
 * stored as JSON between looks as the gateway does. Sequential mode keeps the chance of ever
 * declaring a difference at or below alpha; the fixed-horizon p-value, peeked at the same 20
 * times, does not (asserted too, so the simulation can tell the two apart).
 */
class SequentialAaSimulationTest {

  @Test
  void sequential_mode_keeps_the_rate_of_ever_rejecting_an_aa_below_alpha_over_20_looks() {
    SplittableRandom random = new SplittableRandom(314159);
    AnalysisConfig sequential = AnalysisConfig.defaults().withMode(Mode.SEQUENTIAL);
    int experiments = 400;
    int looks = 20;
    int everSequential = 0;
    int everPeeking = 0;
    for (int e = 0; e < experiments; e++) {
      RatioStats c = RatioStats.empty();
      RatioStats t = RatioStats.empty();
      String state = SequentialState.empty().toJson();
      boolean sequentialRejected = false;
      boolean peekingRejected = false;
      for (int look = 0; look < looks; look++) {
        c = c.plus(continuous(random, 100, 5, 2));
        t = t.plus(continuous(random, 100, 5, 2));
        ReportInput in = input(sequential, twoArms(c.units(), t.units()),
            metric("score", MetricKind.CONTINUOUS, Direction.INCREASE, c, t))
            .withPrevious(SequentialState.fromJson(state));
        ReportResult result = ReportBuilder.build(in, CLOCK);
        state = result.next().toJson();
        Comparison comparison = result.report().metrics().get(0).variants().get(1).comparison();
        sequentialRejected |= comparison.verdict() != Verdict.INCONCLUSIVE;
        peekingRejected |= comparison.absolute().pValue() < 0.05;
      }
      everSequential += sequentialRejected ? 1 : 0;
      everPeeking += peekingRejected ? 1 : 0;
    }
    double sequentialRate = (double) everSequential / experiments;
    double peekingRate = (double) everPeeking / experiments;
    System.out.printf("A/A over %d looks: ever rejected sequential %.3f, fixed with peeking %.3f%n",
        looks, sequentialRate, peekingRate);
    assertThat(sequentialRate).isLessThanOrEqualTo(0.05);
    assertThat(peekingRate).isGreaterThan(0.10);
  }
}
