package dev.abgw.stats.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.stats.MeanStats;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowerSimulationTest {

  private static final double ALPHA = 0.05;
  private static final double POWER = 0.8;
  private static final double CONTROL_MEAN = 10;
  private static final double SD = 2;
  private static final double LIFT = 0.05;

  @Test
  void designed_effect_is_detected_at_its_designed_power() {
    double delta = LIFT * CONTROL_MEAN;
    int n = (int) Math.ceil(PowerAnalysis.unitsPerArm(SD * SD, SD * SD, delta, ALPHA, POWER));
    SplittableRandom random = new SplittableRandom(99);
    int experiments = 2_000;
    int detected = 0;
    for (int e = 0; e < experiments; e++) {
      ArmEstimate control = ArmEstimate.of(sample(random, n, CONTROL_MEAN));
      ArmEstimate treatment = ArmEstimate.of(sample(random, n, CONTROL_MEAN + delta));
      TestResult t = WelchTest.compare(control, treatment, ALPHA).absolute().orElseThrow();
      if (t.pValue() < ALPHA && t.effect() > 0) {
        detected++;
      }
    }
    System.out.printf("designed power %.2f at n=%d per arm, detected %.3f%n", POWER, n,
        (double) detected / experiments);
    assertThat((double) detected / experiments).isBetween(POWER - 0.05, POWER + 0.05);
  }

  @Test
  void units_still_needed_plus_units_so_far_reach_the_design_size() {
    double delta = LIFT * CONTROL_MEAN;
    double design = PowerAnalysis.unitsPerArm(SD * SD, SD * SD, delta, ALPHA, POWER);
    ArmEstimate pilot = new ArmEstimate(100, CONTROL_MEAN, SD * SD);
    PowerResult power = PowerAnalysis.of(pilot, pilot, ALPHA, POWER, LIFT).orElseThrow();
    assertThat(power.unitsNeededPerArm()).hasValue((long) Math.ceil(design - 100));
    // At the current size the MDE is the effect detectable with the chosen power.
    double m = 1.959963984540054 + 0.8416212335729143;
    assertThat(power.mdeAbsolute()).isCloseTo(m * Math.sqrt(2 * SD * SD / 100),
        org.assertj.core.data.Offset.offset(1e-6));
    assertThat(power.mdeRelative().getAsDouble())
        .isCloseTo(power.mdeAbsolute() / CONTROL_MEAN, org.assertj.core.data.Offset.offset(1e-12));
  }

  private static MeanStats sample(SplittableRandom random, int n, double mean) {
    MeanStats s = MeanStats.empty();
    for (int i = 0; i < n; i++) {
      s = s.observe(mean + SD * random.nextGaussian());
    }
    return s;
  }
}
