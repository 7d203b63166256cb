package dev.abgw.stats.quantile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuantileAnalyzerTest {

  private static ValueHistogram latencies(long seed, int n, double tailShare, double tailMillis) {
    SplittableRandom random = new SplittableRandom(seed);
    ValueHistogram h = ValueHistogram.empty(ValueScale.latencyMillis());
    for (int i = 0; i < n; i++) {
      double base = Math.exp(Math.log(100) + 0.5 * random.nextGaussian());
      h.record(random.nextDouble() < tailShare ? base + tailMillis : base);
    }
    return h;
  }

  @Test
  void lists_control_first_then_the_other_variants_by_name_at_p50_p90_p95_p99() {
    QuantileReport report = QuantileAnalyzer.analyze(
        Map.of("c", latencies(1, 3_000, 0, 0), "a", latencies(2, 3_000, 0, 0), "control", latencies(3, 3_000, 0, 0)),
        "control", 0.05);
    assertThat(report.variants()).extracting(VariantQuantiles::variant).containsExactly("control", "a", "c");
    assertThat(report.quantiles()).containsExactly(0.5, 0.9, 0.95, 0.99);
    assertThat(report.variants().get(0).values()).allSatisfy(v -> assertThat(v.difference()).isNull());
    assertThat(report.variants().get(1).values()).allSatisfy(v -> assertThat(v.difference()).isNotNull());
    assertThat(report.variants().get(1).values()).extracting(QuantileValue::q).containsExactly(0.5, 0.9, 0.95, 0.99);
  }

  @Test
  void flags_a_long_tail_regression_at_p99() {
    // 3% of the treatment's requests stall for 2 s: the p99 moves by about 2 s
    QuantileReport report = QuantileAnalyzer.analyze(
        Map.of("control", latencies(10, 5_000, 0, 0), "stalls", latencies(11, 5_000, 0.03, 2_000)),
        "control", 0.05);
    QuantileComparison p99 = report.variant("stalls").orElseThrow().values().get(3).difference();
    assertThat(p99.effect()).isGreaterThan(1_000);
    assertThat(p99.pValue()).isLessThan(1e-6);
    assertThat(p99.ci().low()).isGreaterThan(0);
  }

  @Test
  void reads_the_same_report_from_instance_histograms_merged_after_a_round_trip_through_bytes() {
    ValueHistogram whole = latencies(20, 6_000, 0.01, 500);
    ValueHistogram merged = ValueHistogram.empty(ValueScale.latencyMillis());
    for (int instance = 0; instance < 3; instance++) {
      merged.merge(ValueHistogram.decode(latencies(20 + 100 * (instance + 1), 2_000, 0.01, 500).encode()));
    }
    ValueHistogram instancesRecordedTogether = ValueHistogram.empty(ValueScale.latencyMillis());
    for (int instance = 0; instance < 3; instance++) {
      instancesRecordedTogether.merge(latencies(20 + 100 * (instance + 1), 2_000, 0.01, 500));
    }
    Map<String, ValueHistogram> fromBytes = Map.of("control", whole, "b", merged);
    Map<String, ValueHistogram> direct = Map.of("control", whole, "b", instancesRecordedTogether);
    assertThat(QuantileJson.toNode(QuantileAnalyzer.analyze(fromBytes, "control", 0.05)))
        .isEqualTo(QuantileJson.toNode(QuantileAnalyzer.analyze(direct, "control", 0.05)));
  }

  @Test
  void reports_a_missing_control_as_an_empty_arm() {
    QuantileReport report = QuantileAnalyzer.analyze(Map.of("b", latencies(5, 1_000, 0, 0)), "a", 0.05);
    VariantQuantiles control = report.variant("a").orElseThrow();
    assertThat(control.count()).isZero();
    assertThat(control.values()).allSatisfy(v -> assertThat(v.estimate().reason()).isEqualTo(QuantileReason.EMPTY));
    assertThat(report.variant("b").orElseThrow().values())
        .allSatisfy(v -> assertThat(v.difference().reason()).isEqualTo(QuantileReason.EMPTY_ARM));
  }

  @Test
  void takes_custom_quantiles() {
    QuantileReport report = QuantileAnalyzer.analyze(Map.of("a", latencies(6, 20_000, 0, 0)), "a", 0.01,
        List.of(0.999));
    assertThat(report.variants().get(0).values().get(0).estimate().ci()).isNotNull();
  }

  @Test
  void rejects_an_alpha_outside_the_open_unit_interval() {
    assertThatThrownBy(() -> QuantileAnalyzer.analyze(Map.of(), "a", 1.0))
        .hasMessage("alpha must be between 0 and 1, exclusive (was 1.0)");
  }
}
