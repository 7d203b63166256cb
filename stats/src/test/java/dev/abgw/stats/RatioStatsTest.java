package dev.abgw.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RatioStatsTest {

  @Test
  void incremental_observe_equals_the_batch_sums_over_units() {
    SplittableRandom random = new SplittableRandom(7);
    int units = 40;
    double[] s = new double[units];
    long[] n = new long[units];
    RatioStats incremental = RatioStats.empty();
    for (int i = 0; i < 2_000; i++) {
      int u = random.nextInt(units);
      double x = random.nextDouble() * 10 - 3;
      incremental = incremental.observe(s[u], n[u], x);
      s[u] += x;
      n[u] += 1;
    }
    RatioStats batch = RatioStats.empty();
    for (int u = 0; u < units; u++) {
      if (n[u] > 0) {
        batch = batch.plus(RatioStats.ofUnit(s[u], n[u]));
      }
    }
    assertThat(incremental.units()).isEqualTo(batch.units());
    assertThat(incremental.sumN()).isEqualTo(batch.sumN());
    assertThat(incremental.sumN2()).isEqualTo(batch.sumN2());
    assertThat(incremental.sumS()).isCloseTo(batch.sumS(), offset(1e-9 * Math.abs(batch.sumS())));
    assertThat(incremental.sumS2()).isCloseTo(batch.sumS2(), offset(1e-9 * batch.sumS2()));
    assertThat(incremental.crossSum())
        .isCloseTo(batch.crossSum(), offset(1e-9 * Math.abs(batch.crossSum())));
  }

  @Test
  void plus_is_associative_and_empty_is_its_identity() {
    RatioStats a = RatioStats.ofUnit(3, 2);
    RatioStats b = RatioStats.ofUnit(-1, 1);
    RatioStats c = RatioStats.ofUnit(7.5, 4);
    assertThat(a.plus(b).plus(c)).isEqualTo(a.plus(b.plus(c)));
    assertThat(a.plus(RatioStats.empty())).isEqualTo(a);
  }

  @Test
  void one_observation_per_unit_is_detected() {
    RatioStats single = RatioStats.ofUnit(1, 1).plus(RatioStats.ofUnit(0, 1));
    assertThat(single.oneObservationPerUnit()).isTrue();
    assertThat(single.plus(RatioStats.ofUnit(2, 3)).oneObservationPerUnit()).isFalse();
    assertThat(RatioStats.empty().mean()).isEmpty();
  }

  @Test
  void rejects_invalid_values_naming_the_field() {
    assertThatThrownBy(() -> RatioStats.of(-1, 0, 0, 0, 0, 0))
        .hasMessage("units must be >= 0 (was -1)");
    assertThatThrownBy(() -> RatioStats.of(1, Double.NaN, 0, 1, 1, 0))
        .hasMessage("sumS must be finite (was NaN)");
    assertThatThrownBy(() -> MeanStats.of(2, 1, -1)).hasMessage("sumSquares must be >= 0 (was -1.0)");
    assertThatThrownBy(() -> ProportionStats.of(3, 4))
        .hasMessage("successes must be between 0 and n=3 (was 4)");
  }

  @Test
  void mean_stats_observe_accumulates_count_sum_and_squares() {
    MeanStats m = MeanStats.empty().observe(2).observe(-3);
    assertThat(m).isEqualTo(MeanStats.of(2, -1, 13));
    assertThat(m.plus(ProportionStatsHolder.ONE)).isEqualTo(MeanStats.of(3, 0, 14));
  }

  private static final class ProportionStatsHolder {
    static final MeanStats ONE = MeanStats.empty().observe(1);
  }
}
