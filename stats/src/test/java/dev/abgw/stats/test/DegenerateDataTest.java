package dev.abgw.stats.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.stats.MeanStats;
import dev.abgw.stats.RatioStats;
import org.junit.jupiter.api.Test;

class DegenerateDataTest {

  private static final ArmEstimate SOME = ArmEstimate.of(MeanStats.of(10, 50, 300));

  @Test
  void empty_arm_is_a_reason_not_an_exception() {
    TwoArmResult r = WelchTest.compare(ArmEstimate.of(RatioStats.empty()), SOME, 0.05);
    assertThat(r.absolute()).isEmpty();
    assertThat(r.reason()).contains(Reason.EMPTY_ARM);
  }

  @Test
  void single_unit_arm_has_not_enough_data() {
    TwoArmResult r = WelchTest.compare(ArmEstimate.of(RatioStats.ofUnit(3, 2)), SOME, 0.05);
    assertThat(r.reason()).contains(Reason.NOT_ENOUGH_DATA);
  }

  @Test
  void constant_metric_in_both_arms_has_zero_variance() {
    RatioStats constant = RatioStats.empty();
    for (int i = 0; i < 50; i++) {
      constant = constant.plus(RatioStats.ofUnit(0.1 * 3, 3));
    }
    TwoArmResult r = WelchTest.compare(ArmEstimate.of(constant), ArmEstimate.of(constant), 0.05);
    assertThat(r.reason()).contains(Reason.ZERO_VARIANCE);
  }

  @Test
  void zero_control_mean_keeps_the_absolute_test_and_drops_the_relative_one() {
    ArmEstimate zero = ArmEstimate.of(MeanStats.of(10, 0, 20));
    TwoArmResult r = WelchTest.compare(zero, SOME, 0.05);
    assertThat(r.absolute()).isPresent();
    assertThat(r.relative()).isEmpty();
    assertThat(r.reason()).contains(Reason.ZERO_CONTROL_MEAN);
  }

  @Test
  void power_is_absent_without_variance_and_zero_when_already_powered() {
    assertThat(PowerAnalysis.of(ArmEstimate.empty(), SOME, 0.05, 0.8, 0.05)).isEmpty();
    ArmEstimate huge = new ArmEstimate(1_000_000, 10, 1);
    PowerResult p = PowerAnalysis.of(huge, huge, 0.05, 0.8, 0.05).orElseThrow();
    assertThat(p.unitsNeededPerArm()).hasValue(0);
    assertThat(p.mdeRelative()).isPresent();
  }

  @Test
  void constant_arms_with_different_values_are_a_difference_the_test_cannot_quantify() {
    // Control always 0, treatment always 1, 400 units each: no sampling variance at all.
    ArmEstimate zeros = ArmEstimate.ofBinary(RatioStats.of(400, 0, 0, 400, 400, 0));
    ArmEstimate ones = ArmEstimate.ofBinary(RatioStats.of(400, 400, 400, 400, 400, 400));
    TwoArmResult r = WelchTest.compare(zeros, ones, 0.05);
    assertThat(r.absolute()).isEmpty();
    assertThat(r.reason().map(Enum::name)).contains("ZERO_VARIANCE_ARMS_DIFFER");
    // Equal constants stay plain ZERO_VARIANCE: no difference and no variance.
    assertThat(WelchTest.compare(ones, ones, 0.05).reason()).contains(Reason.ZERO_VARIANCE);
  }

  @Test
  void a_treatment_constant_at_zero_keeps_the_absolute_test_but_has_no_relative_interval() {
    // Half the control answers are bad, none of the treatment's: the delta-method variance of the
    // lift is 0, which would give a -100% lift with a zero-width interval.
    ArmEstimate half = ArmEstimate.ofBinary(RatioStats.of(200, 100, 100, 200, 200, 100));
    ArmEstimate none = ArmEstimate.ofBinary(RatioStats.of(200, 0, 0, 200, 200, 0));
    TwoArmResult r = WelchTest.compare(half, none, 0.05);
    assertThat(r.absolute()).isPresent();
    assertThat(r.absolute().get().effect()).isEqualTo(-0.5);
    assertThat(r.relative()).isEmpty();
    assertThat(r.reason()).contains(Reason.ZERO_RELATIVE_VARIANCE);
  }
}
