package dev.abgw.stats.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.stats.MeanStats;
import dev.abgw.stats.RatioStats;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A/A experiments where the unit of randomization is a user and heavy users send up to 50
 * requests whose values share the user's own level. Analysing per unit (delta method on
 * sum(S)/sum(N)) keeps the false-positive rate at alpha. Treating the requests as independent
 * does not: correlated requests of heavy users look like many observations, the standard error
 * is far too small, and the same seeded data reject the null several times too often (the test
 * asserts that too, so the simulation is shown to be able to fail).
 */
class ClusteredAaSimulationTest {

  private static final int EXPERIMENTS = 1_000;
  private static final int UNITS_PER_ARM = 800;
  private static final double ALPHA = 0.05;

  @Test
  void clustered_analysis_keeps_false_positive_rate_at_alpha_when_heavy_users_send_many_requests() {
    SplittableRandom random = new SplittableRandom(20240611L);
    int clusteredRejections = 0;
    int naiveRejections = 0;
    for (int e = 0; e < EXPERIMENTS; e++) {
      Arm a = arm(random);
      Arm b = arm(random);
      if (rejects(ArmEstimate.of(a.clustered), ArmEstimate.of(b.clustered))) {
        clusteredRejections++;
      }
      if (rejects(ArmEstimate.of(a.perRequest), ArmEstimate.of(b.perRequest))) {
        naiveRejections++;
      }
    }
    double clusteredRate = (double) clusteredRejections / EXPERIMENTS;
    double naiveRate = (double) naiveRejections / EXPERIMENTS;
    System.out.printf("clustered A/A false-positive rate %.3f, per-request %.3f%n",
        clusteredRate, naiveRate);
    assertThat(clusteredRate).as("clustered false-positive rate").isBetween(0.035, 0.065);
    assertThat(naiveRate).as("per-request (naive) false-positive rate").isGreaterThan(0.15);
  }

  private record Arm(RatioStats clustered, MeanStats perRequest) {}

  private static Arm arm(SplittableRandom random) {
    RatioStats clustered = RatioStats.empty();
    MeanStats perRequest = MeanStats.empty();
    for (int u = 0; u < UNITS_PER_ARM; u++) {
      // 80% light users with one request; 20% heavy users with 2..50 requests.
      int requests = random.nextDouble() < 0.8 ? 1 : 2 + random.nextInt(49);
      double userLevel = 100 + 20 * random.nextGaussian();
      double sum = 0;
      for (int r = 0; r < requests; r++) {
        double value = userLevel + 5 * random.nextGaussian();
        sum += value;
        perRequest = perRequest.observe(value);
      }
      clustered = clustered.plus(RatioStats.ofUnit(sum, requests));
    }
    return new Arm(clustered, perRequest);
  }

  private static boolean rejects(ArmEstimate control, ArmEstimate treatment) {
    return WelchTest.compare(control, treatment, ALPHA).absolute().orElseThrow().pValue() < ALPHA;
  }
}
