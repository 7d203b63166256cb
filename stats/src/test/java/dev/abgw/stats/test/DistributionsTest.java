package dev.abgw.stats.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

class DistributionsTest {

  @Test
  void fast_t_quantile_agrees_with_the_bracketing_solver() {
    for (double dof : new double[] {1, 2.5, 5, 7.3, 30, 150, 1631.7, 25725, 1e7}) {
      for (double p : new double[] {0.5, 0.8, 0.9, 0.95, 0.975, 0.995, 0.9995, 0.025}) {
        double expected = new TDistribution(null, dof, 1e-14).inverseCumulativeProbability(p);
        assertThat(Distributions.tQuantile(p, dof)).as("dof %s p %s", dof, p)
            .isCloseTo(expected, offset(1e-9 * Math.max(1, Math.abs(expected))));
      }
    }
  }
}
