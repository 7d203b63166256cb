package dev.abgw.stats.report;

import static dev.abgw.stats.report.Samples.CLOCK;
import static dev.abgw.stats.report.Samples.continuous;
import static dev.abgw.stats.report.Samples.twoArms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.experiments.Direction;
import dev.abgw.stats.RatioStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SegmentReportTest {

  /** Builds a metric whose overall statistics are the plus of its cells. */
  private static MetricInput segmented(String name, Direction direction, List<SegmentCell> cells) {
    RatioStats c = RatioStats.empty();
    RatioStats t = RatioStats.empty();
    for (SegmentCell cell : cells) {
      c = c.plus(cell.byVariant().get("control"));
      t = t.plus(cell.byVariant().get("treatment"));
    }
    return new MetricInput(name, MetricKind.CONTINUOUS, direction,
        Map.of("control", c, "treatment", t), cells);
  }

  private static SegmentCell cell(String segment, RatioStats c, RatioStats t) {
    return SegmentCell.of("task_type", segment, Map.of("control", c, "treatment", t));
  }

  @Test
  void a_segment_worse_than_control_is_a_regression_even_when_better_overall() {
    SplittableRandom r = new SplittableRandom(11);
    List<SegmentCell> cells = new ArrayList<>();
    for (String s : List.of("chat", "code", "search", "summary")) {
      cells.add(cell(s, continuous(r, 1500, 3.0, 1.0), continuous(r, 1500, 3.3, 1.0)));
    }
    cells.add(cell("refund", continuous(r, 400, 3.0, 1.0), continuous(r, 400, 2.5, 1.0)));
    cells.add(cell("rare", continuous(r, 40, 3.0, 1.0), continuous(r, 40, 1.0, 1.0)));
    MetricInput helpfulness = segmented("helpfulness", Direction.INCREASE, cells);
    long units = helpfulness.byVariant().get("control").units();
    Report report = ReportBuilder.build(ReportInput.of("exp-seg", "control",
        AnalysisConfig.defaults(), twoArms(units, units), List.of(helpfulness)), CLOCK).report();

    assertThat(report.regressions()).hasSize(1);
    Regression regression = report.regressions().get(0);
    assertThat(regression.segment()).isEqualTo("refund");
    assertThat(regression.effect()).as("absolute difference, true -0.5").isBetween(-0.7, -0.3);
    assertThat(regression.relativeEffect()).as("relative lift, true -1/6").isBetween(-0.25, -0.1);
    assertThat(regression.units()).isEqualTo(400);
    SegmentReport refund = report.metrics().get(0).segments().get(4);
    assertThat(refund.variants().get(1).interactionPValue()).isLessThan(1e-6);
    SegmentReport rare = report.metrics().get(0).segments().get(5);
    assertThat(rare.enoughData()).isFalse();
    assertThat(rare.variants().get(1).adjustedPValue()).isNull();
    assertThat(report.decision().action()).isEqualTo(Action.KEEP_RUNNING);
    assertThat(report.decision().reason()).startsWith(
        "ship with caution: treatment better on helpfulness but worse on task_type=refund");
  }

  @Test
  void regressions_are_sorted_by_largest_relative_harm_first() {
    SplittableRandom r = new SplittableRandom(12);
    List<SegmentCell> cells = List.of(
        cell("mild", continuous(r, 2000, 3.0, 0.5), continuous(r, 2000, 2.8, 0.5)),
        cell("severe", continuous(r, 2000, 3.0, 0.5), continuous(r, 2000, 2.0, 0.5)),
        cell("fine", continuous(r, 2000, 3.0, 0.5), continuous(r, 2000, 3.0, 0.5)));
    MetricInput m = segmented("helpfulness", Direction.INCREASE, cells);
    Report report = ReportBuilder.build(ReportInput.of("exp-sev", "control",
        AnalysisConfig.defaults(), twoArms(6000, 6000), List.of(m)), CLOCK).report();
    assertThat(report.regressions()).extracting(Regression::segment)
        .containsExactly("severe", "mild");
    assertThat(report.decision().action()).isEqualTo(Action.ROLLBACK);
  }

  @Test
  void warns_on_simpsons_paradox_when_every_segment_disagrees_with_overall() {
    SplittableRandom r = new SplittableRandom(13);
    // Treatment is lower in both segments but has most of its traffic in the high segment.
    List<SegmentCell> cells = List.of(
        cell("high", continuous(r, 200, 10, 1), continuous(r, 800, 9.7, 1)),
        cell("low", continuous(r, 800, 1, 1), continuous(r, 200, 0.7, 1)));
    MetricInput m = segmented("helpfulness", Direction.INCREASE, cells);
    Report report = ReportBuilder.build(ReportInput.of("exp-simpson", "control",
        AnalysisConfig.defaults(), twoArms(1000, 1000), List.of(m)), CLOCK).report();
    assertThat(report.warnings()).anyMatch(w -> w.startsWith("simpson's paradox: helpfulness of "
        + "treatment is up overall") && w.contains("every tested segment of task_type"));
  }
}
