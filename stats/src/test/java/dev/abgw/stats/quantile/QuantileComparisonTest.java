package dev.abgw.stats.quantile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QuantileComparisonTest {

  private static QuantileCi estimate(double value, double se) {
    double half = 1.959963984540054 * se;
    return new QuantileCi(0.9, 1_000, 0.05, value, Interval.of(value - half, value + half), se,
        new RankInterval(881, 919), null);
  }

  @Test
  void combines_the_arms_standard_errors_in_quadrature() {
    // effect 10, se sqrt(2^2 + 3^2) = 3.6056, p = 2 (1 - Phi(2.7735))
    QuantileComparison d = QuantileComparison.of(estimate(110, 3), estimate(100, 2));
    assertThat(d.effect()).isEqualTo(10.0);
    assertThat(d.standardError()).isCloseTo(3.605551275463989, within(1e-12));
    assertThat(d.ci().low()).isCloseTo(2.933249355678126, within(1e-9));
    assertThat(d.ci().high()).isCloseTo(17.066750644321875, within(1e-9));
    assertThat(d.relative()).isCloseTo(0.1, within(1e-15));
    assertThat(d.pValue()).isCloseTo(0.0055456673152440555, within(1e-12));
    assertThat(d.reason()).isNull();
  }

  @Test
  void reports_a_relative_difference_against_the_absolute_control_value() {
    QuantileComparison d = QuantileComparison.of(estimate(90, 3), estimate(100, 2));
    assertThat(d.relative()).isCloseTo(-0.1, within(1e-15));
    assertThat(d.pValue()).isEqualTo(QuantileComparison.of(estimate(110, 3), estimate(100, 2)).pValue());
  }

  @Test
  void has_no_numbers_when_an_arm_is_empty() {
    QuantileCi empty = QuantileCi.of(ValueHistogram.empty(ValueScale.counts()), 0.9, 0.05);
    QuantileComparison d = QuantileComparison.of(estimate(110, 3), empty);
    assertThat(d.reason()).isEqualTo(QuantileReason.EMPTY_ARM);
    assertThat(d.effect()).isNull();
    assertThat(d.pValue()).isNull();
  }

  @Test
  void keeps_the_effect_but_no_test_when_an_arm_is_too_small_for_an_interval() {
    ValueHistogram five = ValueHistogram.of(ValueScale.counts(), IntStream.rangeClosed(96, 100).asDoubleStream().toArray());
    QuantileComparison d = QuantileComparison.of(QuantileCi.of(five, 0.9, 0.05), estimate(90, 2));
    assertThat(d.reason()).isEqualTo(QuantileReason.NOT_ENOUGH_DATA);
    assertThat(d.effect()).isEqualTo(10.0);
    assertThat(d.relative()).isCloseTo(10 / 90.0, within(1e-15));
    assertThat(d.ci()).isNull();
    assertThat(d.pValue()).isNull();
  }

  @Test
  void declines_a_p_value_when_both_intervals_have_zero_width() {
    ValueHistogram fours = ValueHistogram.empty(ValueScale.scores());
    fours.recordWithCount(4, 500);
    ValueHistogram fives = ValueHistogram.empty(ValueScale.scores());
    fives.recordWithCount(5, 500);
    QuantileComparison d = QuantileComparison.of(QuantileCi.of(fives, 0.5, 0.05), QuantileCi.of(fours, 0.5, 0.05));
    assertThat(d.reason()).isEqualTo(QuantileReason.ZERO_STANDARD_ERROR);
    assertThat(d.effect()).isEqualTo(1.0);
    assertThat(d.pValue()).isNull();
    assertThat(d.ci()).isNull();
  }

  @Test
  void omits_only_the_relative_difference_when_the_control_quantile_is_zero() {
    QuantileComparison d = QuantileComparison.of(estimate(1, 0.5), estimate(0, 0.5));
    assertThat(d.reason()).isEqualTo(QuantileReason.ZERO_CONTROL_VALUE);
    assertThat(d.relative()).isNull();
    assertThat(d.effect()).isEqualTo(1.0);
    assertThat(d.pValue()).isNotNull();
  }

  @Test
  void refuses_to_compare_different_quantiles() {
    QuantileCi median = QuantileCi.of(ValueHistogram.of(ValueScale.counts(), 1, 2, 3), 0.5, 0.05);
    assertThatThrownBy(() -> QuantileComparison.of(median, estimate(1, 1))).hasMessageContaining("must match control");
  }
}
