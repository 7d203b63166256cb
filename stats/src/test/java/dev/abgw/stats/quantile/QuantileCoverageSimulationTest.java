package dev.abgw.stats.quantile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded Monte Carlo checks of the order-statistic intervals on lognormal latencies (median 100 ms,
 * sigma 0.8, a long right tail like agent endpoint latency). With R = 2,000 replications the Monte Carlo
 * standard error of a 95% coverage is sqrt(0.95 * 0.05 / 2000) = 0.49 points, so the +/- 3 point tolerance
 * is about 6 standard errors: a correct method passes with any seed, a wrong one (e.g. intervals a quarter
 * too narrow, coverage ~87%) fails.
 */
class QuantileCoverageSimulationTest {

  private static final List<Double> QS = QuantileAnalyzer.DEFAULT_QUANTILES;
  private static final int REPLICATIONS = 2_000;
  private static final int N = 2_000;
  private static final double ALPHA = 0.05;
  private static final double MU = Math.log(100);
  private static final double SIGMA = 0.8;

  private static final int[] histogramCovers = new int[QS.size()];
  private static final int[] exactCovers = new int[QS.size()];
  private static final int[] rejectionsUnderNull = new int[QS.size()];
  private static final int[] nullCiMissesZero = new int[QS.size()];
  private static double maxRelativeEndpointGap;

  @BeforeAll
  static void simulate() {
    double z = StandardNormal.criticalValue(ALPHA);
    SplittableRandom random = new SplittableRandom(Long.getLong("quantile.seed", 20180819L));
    for (int r = 0; r < REPLICATIONS; r++) {
      double[] a = lognormal(random, N, 1.0);
      double[] b = lognormal(random, N, 1.0);
      List<QuantileCi> cisA = QuantileCi.of(ValueHistogram.of(ValueScale.latencyMillis(), a), QS, ALPHA);
      List<QuantileCi> cisB = QuantileCi.of(ValueHistogram.of(ValueScale.latencyMillis(), b), QS, ALPHA);
      Arrays.sort(a);
      for (int i = 0; i < QS.size(); i++) {
        double truth = trueQuantile(QS.get(i), 1.0);
        Interval histogramCi = cisA.get(i).ci();
        RankInterval ranks = RankInterval.ofOrNull(N, QS.get(i), z);
        Interval exactCi = Interval.of(a[(int) ranks.lower() - 1], a[(int) ranks.upper() - 1]);
        histogramCovers[i] += histogramCi.contains(truth) ? 1 : 0;
        exactCovers[i] += exactCi.contains(truth) ? 1 : 0;
        maxRelativeEndpointGap = Math.max(maxRelativeEndpointGap, Math.max(
            Math.abs(histogramCi.low() - exactCi.low()) / exactCi.low(),
            Math.abs(histogramCi.high() - exactCi.high()) / exactCi.high()));
        QuantileComparison d = QuantileComparison.of(cisB.get(i), cisA.get(i));
        rejectionsUnderNull[i] += d.pValue() < ALPHA ? 1 : 0;
        nullCiMissesZero[i] += d.ci().contains(0) ? 0 : 1;
      }
    }
    for (int i = 0; i < QS.size(); i++) {
      System.out.printf("p%s: coverage histogram %.4f exact %.4f, type I error %.4f%n", QS.get(i),
          histogramCovers[i] / (double) REPLICATIONS, exactCovers[i] / (double) REPLICATIONS,
          rejectionsUnderNull[i] / (double) REPLICATIONS);
    }
    System.out.printf("max relative gap histogram vs exact interval ends: %.2e%n", maxRelativeEndpointGap);
  }

  @Test
  void quantile_intervals_cover_the_true_lognormal_quantile_at_the_nominal_rate() {
    for (int i = 0; i < QS.size(); i++) {
      double coverage = histogramCovers[i] / (double) REPLICATIONS;
      assertThat(coverage).as("coverage of p%s", QS.get(i)).isCloseTo(1 - ALPHA, within(0.03));
    }
  }

  @Test
  void difference_intervals_keep_the_type_one_error_at_alpha_when_both_arms_share_a_distribution() {
    for (int i = 0; i < QS.size(); i++) {
      double rejectionRate = rejectionsUnderNull[i] / (double) REPLICATIONS;
      assertThat(rejectionRate).as("type I error at p%s", QS.get(i)).isCloseTo(ALPHA, within(0.03));
      assertThat(nullCiMissesZero[i]).as("CI excludes 0 exactly when p < alpha").isEqualTo(rejectionsUnderNull[i]);
    }
  }

  @Test
  void histogram_precision_does_not_bias_coverage() {
    assertThat(maxRelativeEndpointGap).as("histogram vs exact interval ends").isLessThan(1e-3);
    for (int i = 0; i < QS.size(); i++) {
      assertThat(Math.abs(histogramCovers[i] - exactCovers[i]))
          .as("replications where histogram and exact coverage disagree at p%s", QS.get(i))
          .isLessThanOrEqualTo(REPLICATIONS / 200);
    }
  }

  /**
   * The interval is not merely conservative: a treatment 8% slower everywhere is detected at the power the
   * asymptotic standard error of a sample quantile predicts,
   * {@code se = sqrt(p (1-p) / n) / f(q_p)} with lognormal density {@code f(q_p) = phi(z_p) / (q_p sigma)},
   * power = {@code Phi(d / se_d - z) + Phi(-d / se_d - z)} (about 0.68 at p50 and 0.41 at p90). The
   * prediction includes the one deterministic widening of the method, the outward rounding of the ranks:
   * the interval spans {@code U - L} ranks instead of {@code 2 z sqrt(n p (1-p))}, so se grows by their ratio.
   */
  @Test
  void difference_test_detects_a_uniform_slowdown_at_the_power_asymptotics_predict() {
    double slowdown = 1.08;
    int replications = 1_000;
    List<Double> qs = List.of(0.5, 0.9);
    int[] rejections = new int[qs.size()];
    SplittableRandom random = new SplittableRandom(Long.getLong("quantile.seed", 20180819L) + 1);
    for (int r = 0; r < replications; r++) {
      List<QuantileCi> control = QuantileCi.of(
          ValueHistogram.of(ValueScale.latencyMillis(), lognormal(random, N, 1.0)), qs, ALPHA);
      List<QuantileCi> slower = QuantileCi.of(
          ValueHistogram.of(ValueScale.latencyMillis(), lognormal(random, N, slowdown)), qs, ALPHA);
      for (int i = 0; i < qs.size(); i++) {
        rejections[i] += QuantileComparison.of(slower.get(i), control.get(i)).pValue() < ALPHA ? 1 : 0;
      }
    }
    NormalDistribution normal = new NormalDistribution(null, 0, 1);
    double z = StandardNormal.criticalValue(ALPHA);
    for (int i = 0; i < qs.size(); i++) {
      double p = qs.get(i);
      double zp = normal.inverseCumulativeProbability(p);
      double seAtScaleOne = Math.sqrt(p * (1 - p) / N) * trueQuantile(p, 1.0) * SIGMA / normal.density(zp);
      RankInterval ranks = RankInterval.ofOrNull(N, p, z);
      double roundingWidening = (ranks.upper() - ranks.lower()) / (2 * z * Math.sqrt(N * p * (1 - p)));
      double seDifference = seAtScaleOne * roundingWidening * Math.hypot(1, slowdown);
      double shift = (slowdown - 1) * trueQuantile(p, 1.0);
      double predicted = normal.cumulativeProbability(shift / seDifference - z)
          + normal.cumulativeProbability(-shift / seDifference - z);
      double power = rejections[i] / (double) replications;
      System.out.printf("p%s: power %.3f, predicted %.3f%n", p, power, predicted);
      assertThat(power).as("power at p%s", p).isCloseTo(predicted, within(0.06));
    }
  }

  static double trueQuantile(double p, double scale) {
    return scale * Math.exp(MU + SIGMA * new NormalDistribution(null, 0, 1).inverseCumulativeProbability(p));
  }

  static double[] lognormal(SplittableRandom random, int n, double scale) {
    double[] values = new double[n];
    for (int j = 0; j < n; j++) {
      values[j] = scale * Math.exp(MU + SIGMA * random.nextGaussian());
    }
    return values;
  }
}
