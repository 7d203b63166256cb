package dev.abgw.stats.report;

import static dev.abgw.stats.report.Samples.CLOCK;
import static dev.abgw.stats.report.Samples.binary;
import static dev.abgw.stats.report.Samples.continuous;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.experiments.Direction;
import dev.abgw.stats.RatioStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A/A experiments with 50 segment values and 4 metrics (200 tested segment comparisons per
 * run). Benjamini-Hochberg across them keeps edge-case regressions rare; testing each segment
 * at alpha would flag one in nearly every run (200 tests, half of them in the harmful direction).
 */
class SegmentAaSimulationTest {

  private static final int RUNS = 200;
  private static final int SEGMENTS = 50;
  private static final int UNITS_PER_CELL = 120;

  @Test
  void aa_with_50_segments_and_4_metrics_flags_no_regression_in_at_least_95_percent_of_runs() {
    SplittableRandom random = new SplittableRandom(8675309);
    int clean = 0;
    int rawFlagged = 0;
    for (int run = 0; run < RUNS; run++) {
      List<MetricInput> metrics = List.of(
          metric(random, "helpfulness", MetricKind.CONTINUOUS, Direction.INCREASE),
          metric(random, "latency", MetricKind.CONTINUOUS, Direction.DECREASE),
          metric(random, "errors", MetricKind.BINARY, Direction.DECREASE),
          metric(random, "thumbs_up", MetricKind.BINARY, Direction.INCREASE));
      long units = (long) SEGMENTS * UNITS_PER_CELL;
      Report report = ReportBuilder.build(ReportInput.of("aa-" + run, "control",
          AnalysisConfig.defaults(), Samples.twoArms(units, units), metrics), CLOCK).report();
      if (report.regressions().isEmpty()) {
        clean++;
      }
      if (anyRawHarm(report)) {
        rawFlagged++;
      }
    }
    System.out.printf("segment A/A: %d/%d runs without regression; unadjusted would flag %d%n",
        clean, RUNS, rawFlagged);
    assertThat((double) clean / RUNS).isGreaterThanOrEqualTo(0.95);
    assertThat((double) rawFlagged / RUNS).isGreaterThan(0.9);
  }

  private static boolean anyRawHarm(Report report) {
    for (MetricReport m : report.metrics()) {
      for (SegmentReport s : m.segments()) {
        for (SegmentVariantResult v : s.variants()) {
          if (!v.control() && v.absolute() != null && v.absolute().pValue() < 0.05
              && (m.direction() == Direction.INCREASE) == (v.absolute().effect() < 0)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static MetricInput metric(SplittableRandom random, String name, MetricKind kind,
      Direction direction) {
    List<SegmentCell> cells = new ArrayList<>();
    RatioStats c = RatioStats.empty();
    RatioStats t = RatioStats.empty();
    for (int s = 0; s < SEGMENTS; s++) {
      // Segments differ in level; the arms do not.
      double level = kind == MetricKind.BINARY ? 0.05 + 0.8 * s / SEGMENTS : 1 + s;
      RatioStats cs = kind == MetricKind.BINARY ? binary(random, UNITS_PER_CELL, level)
          : continuous(random, UNITS_PER_CELL, level, 1 + 0.1 * s);
      RatioStats ts = kind == MetricKind.BINARY ? binary(random, UNITS_PER_CELL, level)
          : continuous(random, UNITS_PER_CELL, level, 1 + 0.1 * s);
      cells.add(SegmentCell.of("task_type", "t" + s, Map.of("control", cs, "treatment", ts)));
      c = c.plus(cs);
      t = t.plus(ts);
    }
    return new MetricInput(name, kind, direction, Map.of("control", c, "treatment", t), cells);
  }
}
