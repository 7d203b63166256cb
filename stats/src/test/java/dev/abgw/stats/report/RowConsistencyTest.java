package dev.abgw.stats.report;

import dev.abgw.experiments.Direction;
import static dev.abgw.stats.report.Samples.CLOCK;
import static dev.abgw.stats.report.Samples.twoArms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.stats.RatioStats;
import dev.abgw.stats.test.TestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A row of the report (a regression, a metric comparison, a segment comparison) shows an effect, a
 * confidence interval, a p-value and a verdict; all four must come from the same test, so that a row
 * flagged significant never shows an interval that includes 0.
 */
class RowConsistencyTest {

  /** One 0/1 observation per unit: {@code bad} of {@code units} are 1. */
  private static RatioStats shareOf(long units, long bad) {
    return RatioStats.of(units, bad, bad, units, units, bad);
  }

  @Test
  void a_regression_row_shows_the_effect_interval_and_p_value_of_one_test() {
    // The reported case: a rare bad-answer share that triples in one segment. 3 of 150 against 10 of
    // 150: the absolute test gives p ~ 0.046, while the delta-method interval of the relative lift
    // (+233%) is about [-190%, +660%] because the control share is tiny.
    SegmentCell code = SegmentCell.of("task_type", "code",
        Map.of("control", shareOf(150, 3), "treatment", shareOf(150, 10)));
    MetricInput bad = new MetricInput("helpfulness.bad", MetricKind.BINARY, Direction.DECREASE,
        Map.of("control", shareOf(150, 3), "treatment", shareOf(150, 10)), List.of(code));
    Report report = ReportBuilder.build(ReportInput.of("exp-row", "control",
        AnalysisConfig.defaults(), twoArms(150, 150), List.of(bad)), CLOCK).report();

    assertThat(report.regressions()).hasSize(1);
    Regression row = report.regressions().get(0);
    TestResult absolute = report.metrics().get(0).segments().get(0).variants().get(1).absolute();
    assertThat(row.adjustedPValue()).isLessThan(0.05);
    assertThat(row.effect()).as("effect is the absolute difference of shares")
        .isCloseTo(10.0 / 150 - 3.0 / 150, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(row.effect()).isEqualTo(absolute.effect());
    assertThat(row.low()).isEqualTo(absolute.low());
    assertThat(row.high()).isEqualTo(absolute.high());
    assertThat(row.low()).as("a flagged row's interval excludes 0").isGreaterThan(0);
  }

  @Test
  void every_flagged_row_has_an_interval_on_the_side_of_its_effect() {
    SplittableRandom r = new SplittableRandom(31);
    int flagged = 0;
    for (int run = 0; run < 40; run++) {
      List<SegmentCell> cells = new ArrayList<>();
      RatioStats c = RatioStats.empty();
      RatioStats t = RatioStats.empty();
      for (String s : List.of("a", "b", "c", "d")) {
        long units = 120 + r.nextInt(200);
        RatioStats cs = shareOf(units, r.nextInt(6));
        RatioStats ts = shareOf(units, r.nextInt(16));
        cells.add(SegmentCell.of("task_type", s, Map.of("control", cs, "treatment", ts)));
        c = c.plus(cs);
        t = t.plus(ts);
      }
      MetricInput bad = new MetricInput("x.bad", MetricKind.BINARY, Direction.DECREASE,
          Map.of("control", c, "treatment", t), cells);
      Report report = ReportBuilder.build(ReportInput.of("exp-rows", "control",
          AnalysisConfig.defaults(), twoArms(c.units(), t.units()), List.of(bad)), CLOCK).report();
      for (Regression g : report.regressions()) {
        flagged++;
        assertThat(g.low()).as("run %d %s", run, g).isGreaterThan(0);
        assertThat(g.effect()).isBetween(g.low(), g.high());
      }
      for (MetricReport m : report.metrics()) {
        for (VariantResult v : m.variants()) {
          if (v.control() || v.comparison().verdict() == Verdict.INCONCLUSIVE) continue;
          TestResult a = v.comparison().absolute();
          assertThat(a.low() > 0 || a.high() < 0).as("metric row run %d", run).isTrue();
        }
        for (SegmentReport s : m.segments()) {
          for (SegmentVariantResult v : s.variants()) {
            if (v.control() || v.verdict() == Verdict.INCONCLUSIVE) continue;
            assertThat(v.absolute().low() > 0 || v.absolute().high() < 0)
                .as("segment row run %d", run).isTrue();
          }
        }
      }
    }
    assertThat(flagged).as("the runs must flag some rows to check anything").isGreaterThan(5);
  }
}
