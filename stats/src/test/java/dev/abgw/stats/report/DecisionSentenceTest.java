package dev.abgw.stats.report;

import dev.abgw.experiments.Direction;
import static dev.abgw.stats.report.Samples.CLOCK;
import static dev.abgw.stats.report.Samples.continuous;
import static dev.abgw.stats.report.Samples.twoArms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.stats.RatioStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The decision's sentence names every win, every loss and every edge-case regression it knew of,
 * whichever action it recommends.
 */
class DecisionSentenceTest {

  /** Overall statistics as the plus of the cells, so segments and overall agree. */
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

  /** Helpfulness up overall (chat, search +0.3) but down in task_type=code (-0.5). */
  private static MetricInput helpfulnessWithCodeRegression(SplittableRandom r) {
    List<SegmentCell> cells = new ArrayList<>();
    for (String s : List.of("chat", "search")) {
      cells.add(SegmentCell.of("task_type", s, Map.of("control", continuous(r, 1800, 3.0, 1.0),
          "treatment", continuous(r, 1800, 3.3, 1.0))));
    }
    cells.add(SegmentCell.of("task_type", "code", Map.of("control", continuous(r, 400, 3.0, 1.0),
        "treatment", continuous(r, 400, 2.5, 1.0))));
    return segmented("helpfulness", Direction.INCREASE, cells);
  }

  private static MetricInput metric(String name, Direction direction, RatioStats c, RatioStats t) {
    return MetricInput.of(name, MetricKind.CONTINUOUS, direction, Map.of("control", c, "treatment", t));
  }

  private static Report build(AnalysisConfig config, long units, MetricInput... metrics) {
    return ReportBuilder.build(ReportInput.of("exp-sentence", "control", config,
        twoArms(units, units), List.of(metrics)), CLOCK).report();
  }

  @Test
  void rollback_names_the_wins_and_the_regression_too() {
    SplittableRandom r = new SplittableRandom(41);
    Report report = build(AnalysisConfig.defaults(), 4000,
        helpfulnessWithCodeRegression(r),
        metric("quality", Direction.INCREASE, continuous(r, 4000, 3.0, 1.0), continuous(r, 4000, 3.2, 1.0)),
        metric("latency", Direction.DECREASE, continuous(r, 4000, 800, 100), continuous(r, 4000, 900, 100)));
    assertThat(report.decision().action()).isEqualTo(Action.ROLLBACK);
    assertThat(report.decision().reason()).isEqualTo("rollback: treatment worse on latency; also "
        + "treatment better on helpfulness, quality; treatment worse on task_type=code (helpfulness)");
  }

  @Test
  void ship_with_nothing_else_to_report_keeps_the_short_sentence() {
    SplittableRandom r = new SplittableRandom(42);
    Report report = build(AnalysisConfig.defaults(), 4000,
        metric("helpfulness", Direction.INCREASE, continuous(r, 4000, 3.0, 1.0), continuous(r, 4000, 3.2, 1.0)),
        metric("latency", Direction.DECREASE, continuous(r, 4000, 800, 100), continuous(r, 4000, 800, 100)));
    assertThat(report.decision().action()).isEqualTo(Action.SHIP);
    assertThat(report.decision().reason()).isEqualTo("ship: treatment better on helpfulness, no metric worse");
  }

  @Test
  void keep_running_names_the_regression_and_the_sample_size() {
    SplittableRandom r = new SplittableRandom(43);
    List<SegmentCell> cells = new ArrayList<>();
    cells.add(SegmentCell.of("task_type", "chat", Map.of("control", continuous(r, 2000, 3.0, 1.0),
        "treatment", continuous(r, 2000, 3.1, 1.0))));
    cells.add(SegmentCell.of("task_type", "code", Map.of("control", continuous(r, 600, 3.0, 1.0),
        "treatment", continuous(r, 600, 2.7, 1.0))));
    Report report = build(AnalysisConfig.defaults(), 2600, segmented("helpfulness", Direction.INCREASE, cells));
    assertThat(report.decision().action()).isEqualTo(Action.KEEP_RUNNING);
    assertThat(report.decision().reason()).startsWith("keep running: no significant difference yet (")
        .endsWith("; also treatment worse on task_type=code (helpfulness)");
  }

  @Test
  void invalid_still_lists_what_was_measured() {
    SplittableRandom r = new SplittableRandom(44);
    Report report = ReportBuilder.build(ReportInput.of("exp-sentence", "control", AnalysisConfig.defaults(),
        twoArms(2000, 2400), List.of(
            metric("latency", Direction.DECREASE, continuous(r, 2000, 800, 100), continuous(r, 2400, 900, 100)))),
        CLOCK).report();
    assertThat(report.decision().action()).isEqualTo(Action.INVALID);
    assertThat(report.decision().reason()).startsWith("invalid: sample ratio mismatch")
        .endsWith("; measured but untrustworthy: treatment worse on latency");
  }

  @Test
  void arms_that_differ_without_variance_are_never_called_no_difference() {
    // Control judged 0 by every unit, treatment 1 by every unit, 300 units each.
    MetricInput resolved = MetricInput.of("resolved", MetricKind.BINARY, Direction.INCREASE,
        Map.of("control", RatioStats.of(300, 0, 0, 300, 300, 0),
            "treatment", RatioStats.of(300, 300, 300, 300, 300, 300)));
    Report report = build(AnalysisConfig.defaults(), 300, resolved);
    Comparison c = report.metrics().get(0).variants().get(1).comparison();
    assertThat(c.reason().name()).isEqualTo("ZERO_VARIANCE_ARMS_DIFFER");
    assertThat(report.warnings()).anyMatch(w -> w.startsWith("resolved: treatment differs from control "
        + "(mean 1 against 0) but neither arm varies"));
    assertThat(report.decision().action()).isEqualTo(Action.KEEP_RUNNING);
    assertThat(report.decision().reason()).doesNotContain("no significant difference")
        .isEqualTo("keep running: treatment differs from control without variance on resolved, which the "
            + "test cannot quantify; check how that metric is recorded before deciding");
  }

  @Test
  void a_win_next_to_a_difference_without_variance_is_not_shipped_silently() {
    SplittableRandom r = new SplittableRandom(45);
    MetricInput resolved = MetricInput.of("resolved", MetricKind.BINARY, Direction.INCREASE,
        Map.of("control", RatioStats.of(3000, 3000, 3000, 3000, 3000, 3000),
            "treatment", RatioStats.of(3000, 0, 0, 3000, 3000, 0)));
    Report report = build(AnalysisConfig.defaults(), 3000,
        metric("helpfulness", Direction.INCREASE, continuous(r, 3000, 3.0, 1.0), continuous(r, 3000, 3.3, 1.0)),
        resolved);
    assertThat(report.decision().action()).isEqualTo(Action.KEEP_RUNNING);
    assertThat(report.decision().reason()).isEqualTo("ship with caution: treatment better on helpfulness "
        + "but differs from control without variance on resolved; review the metric before shipping");
  }
}
