package dev.abgw.benchmarks;

import dev.abgw.experiments.Direction;
import dev.abgw.stats.RatioStats;
import dev.abgw.stats.report.AnalysisConfig;
import dev.abgw.stats.report.ArmInput;
import dev.abgw.stats.report.MetricInput;
import dev.abgw.stats.report.MetricKind;
import dev.abgw.stats.report.ReportBuilder;
import dev.abgw.stats.report.ReportInput;
import dev.abgw.stats.report.ReportResult;
import dev.abgw.stats.report.SegmentCell;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One report build from sufficient statistics: 3 variants, 10 metrics (5 continuous, 5 binary), one
 * dimension with 50 segment values; 1,000 units per arm and 20 per segment cell, one request per unit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReportBuildBenchmark {

  private static final List<String> VARIANTS = List.of("a", "b", "c");
  private ReportInput input;
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Setup
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(1);
    List<ArmInput> arms = VARIANTS.stream().map(v -> ArmInput.of(v, 1, 1000, 1000)).toList();
    List<MetricInput> metrics = new ArrayList<>();
    for (int m = 0; m < 10; m++) {
      boolean binary = m >= 5;
      Map<String, RatioStats> overall = new HashMap<>();
      for (String v : VARIANTS) {
        overall.put(v, cell(1000, binary ? 0.3 : 3.0, binary, rng));
      }
      List<SegmentCell> cells = new ArrayList<>();
      for (int s = 0; s < 50; s++) {
        Map<String, RatioStats> byVariant = new HashMap<>();
        for (String v : VARIANTS) {
          byVariant.put(v, cell(20, binary ? 0.3 : 3.0, binary, rng));
        }
        cells.add(SegmentCell.of("segment", "s" + s, byVariant));
      }
      metrics.add(new MetricInput("m" + m, binary ? MetricKind.BINARY : MetricKind.CONTINUOUS, Direction.INCREASE,
          overall, cells));
    }
    AnalysisConfig config = new AnalysisConfig(0.05, dev.abgw.experiments.Mode.FIXED,
        dev.abgw.experiments.Correction.HOLM, 5000, 0.001, 0.3, 10, 0.8, 0.05);
    input = ReportInput.of("jmh", "a", config, arms, metrics);
  }

  /** Sufficient statistics of {@code n} units with one request each, values around {@code mean}. */
  private static RatioStats cell(int n, double mean, boolean binary, SplittableRandom rng) {
    double sum = 0;
    double sum2 = 0;
    for (int i = 0; i < n; i++) {
      double x = binary ? (rng.nextDouble() < mean ? 1 : 0) : mean + rng.nextGaussian();
      sum += x;
      sum2 += x * x;
    }
    return RatioStats.of(n, sum, sum2, n, n, sum);
  }

  @Benchmark
  public ReportResult build() {
    return ReportBuilder.build(input, clock);
  }
}
