package dev.abgw.stats.quantile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QuantileCiTest {

  /** z_{0.975}, the two-sided 95% critical value. */
  private static final double Z_975 = 1.959963984540054;

  private static final ValueHistogram ONE_TO_HUNDRED =
      ValueHistogram.of(ValueScale.counts(), IntStream.rangeClosed(1, 100).asDoubleStream().toArray());

  @Test
  void reads_the_median_interval_from_ranks_forty_and_sixty_of_one_hundred() {
    // n p = 50, z sqrt(n p (1-p)) = 1.96 * 5 = 9.8: L = floor(40.2) = 40, U = ceil(59.8) = 60
    QuantileCi median = QuantileCi.of(ONE_TO_HUNDRED, 0.5, 0.05);
    assertThat(median.value()).isEqualTo(50.0);
    assertThat(median.ranks()).isEqualTo(new RankInterval(40, 60));
    assertThat(median.ci()).isEqualTo(Interval.of(40, 60));
    assertThat(median.standardError()).isCloseTo(5.102134569246539, within(1e-12));
    assertThat(median.reason()).isNull();
  }

  @Test
  void reads_the_p90_interval_from_ranks_rounded_outward() {
    // n p = 90, z sqrt(9) = 5.88: L = floor(84.12) = 84, U = ceil(95.88) = 96
    QuantileCi p90 = QuantileCi.of(ONE_TO_HUNDRED, 0.9, 0.05);
    assertThat(p90.value()).isEqualTo(90.0);
    assertThat(p90.ci()).isEqualTo(Interval.of(84, 96));
    assertThat(p90.standardError()).isCloseTo(12 / (2 * Z_975), within(1e-12));
  }

  @Test
  void narrows_the_interval_when_alpha_grows() {
    QuantileCi at95 = QuantileCi.of(ONE_TO_HUNDRED, 0.5, 0.05);
    QuantileCi at80 = QuantileCi.of(ONE_TO_HUNDRED, 0.5, 0.2);
    assertThat(at80.ci().width()).isLessThan(at95.ci().width());
    // z_{0.9} = 1.2816 * 5 = 6.41: [floor(43.59), ceil(56.41)] = [43, 57]
    assertThat(at80.ci()).isEqualTo(Interval.of(43, 57));
  }

  @Test
  void reports_an_empty_histogram_with_a_reason_and_no_numbers() {
    QuantileCi empty = QuantileCi.of(ValueHistogram.empty(ValueScale.latencyMillis()), 0.99, 0.05);
    assertThat(empty.reason()).isEqualTo(QuantileReason.EMPTY);
    assertThat(empty.n()).isZero();
    assertThat(empty.value()).isNull();
    assertThat(empty.ci()).isNull();
    assertThat(empty.standardError()).isNull();
  }

  @Test
  void keeps_the_point_estimate_but_no_interval_when_the_tail_is_too_thin() {
    // p99 of 50 values: n p + z sqrt(n p (1-p)) = 49.5 + 1.39 > 50
    ValueHistogram fifty = ValueHistogram.of(ValueScale.counts(), IntStream.rangeClosed(1, 50).asDoubleStream().toArray());
    QuantileCi p99 = QuantileCi.of(fifty, 0.99, 0.05);
    assertThat(p99.reason()).isEqualTo(QuantileReason.NOT_ENOUGH_DATA);
    assertThat(p99.value()).isEqualTo(50.0);
    assertThat(p99.ci()).isNull();
    assertThat(p99.standardError()).isNull();
  }

  @Test
  void needs_about_four_hundred_values_for_a_p99_interval() {
    // the smallest n with n p + z sqrt(n p (1-p)) <= n at p = 0.99 is n = 381
    assertThat(RankInterval.ofOrNull(380, 0.99, Z_975)).isNull();
    assertThat(RankInterval.ofOrNull(381, 0.99, Z_975)).isNotNull();
  }

  @Test
  void gives_a_zero_width_interval_when_ties_fill_the_rank_range() {
    ValueHistogram scores = ValueHistogram.empty(ValueScale.scores());
    scores.recordWithCount(4, 1_000);
    scores.recordWithCount(5, 10);
    QuantileCi median = QuantileCi.of(scores, 0.5, 0.05);
    assertThat(median.ci()).isEqualTo(Interval.of(4, 4));
    assertThat(median.standardError()).isZero();
  }

  @Test
  void rejects_quantiles_and_alphas_outside_the_open_unit_interval() {
    assertThatThrownBy(() -> QuantileCi.of(ONE_TO_HUNDRED, 1.0, 0.05))
        .hasMessage("p must be between 0 and 1, exclusive (was 1.0)");
    assertThatThrownBy(() -> QuantileCi.of(ONE_TO_HUNDRED, 0.5, 0))
        .hasMessage("alpha must be between 0 and 1, exclusive (was 0.0)");
  }

  @Test
  void refuses_a_result_whose_reason_disagrees_with_its_numbers() {
    assertThatThrownBy(() -> new QuantileCi(0.5, 10, 0.05, 1.0, null, null, null, null))
        .hasMessageContaining("reason must be null exactly when");
  }
}
