package dev.abgw.stats.quantile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValueHistogramTest {

  @Test
  void records_zero_and_reads_it_back() {
    ValueHistogram h = ValueHistogram.of(ValueScale.scores(), 0, 0, 3);
    assertThat(h.count()).isEqualTo(3);
    assertThat(h.valueAtRank(1)).isZero();
    assertThat(h.valueAtRank(2)).isZero();
    assertThat(h.valueAtRank(3)).isEqualTo(3.0);
  }

  @Test
  void keeps_three_significant_digits_from_a_microsecond_to_ten_minutes() {
    for (double ms = 0.01; ms <= 600_000; ms *= 1.37) {
      double read = ValueHistogram.of(ValueScale.latencyMillis(), ms).valueAtRank(1);
      assertThat(read).as("latency %s ms", ms).isCloseTo(ms, within(Math.max(1e-3 * ms, 0.0005)));
    }
  }

  @Test
  void keeps_judgment_scores_exactly_to_the_hundredth() {
    for (double score : new double[] {1, 1.5, 2.25, 3.33, 4.75, 5}) {
      assertThat(ValueHistogram.of(ValueScale.scores(), score).valueAtRank(1)).isEqualTo(score);
    }
    assertThat(ValueHistogram.of(ValueScale.scores(), 3.3333).valueAtRank(1)).isEqualTo(3.33);
  }

  @Test
  void reads_integer_token_counts_unchanged_below_2048_and_within_half_a_bucket_above() {
    for (int tokens = 0; tokens < 2048; tokens += 7) {
      assertThat(ValueHistogram.of(ValueScale.counts(), tokens).valueAtRank(1)).isEqualTo(tokens);
    }
    for (int tokens = 2048; tokens < 200_000; tokens = tokens * 3 / 2 + 1) {
      double read = ValueHistogram.of(ValueScale.counts(), tokens).valueAtRank(1);
      assertThat(read).as("%s tokens", tokens).isCloseTo(tokens, within(tokens / 2048.0));
    }
  }

  @Test
  void reads_the_sample_quantile_as_the_inverse_empirical_cdf() {
    ValueHistogram h = ValueHistogram.of(ValueScale.counts(), IntStream.rangeClosed(1, 100).asDoubleStream().toArray());
    assertThat(h.valueAtQuantile(0.5)).isEqualTo(50);
    assertThat(h.valueAtQuantile(0.9)).isEqualTo(90);
    assertThat(h.valueAtQuantile(0.901)).isEqualTo(91);
    assertThat(h.valueAtQuantile(0.001)).isEqualTo(1);
    assertThat(h.valueAtQuantile(1)).isEqualTo(100);
  }

  @Test
  void reads_several_order_statistics_in_any_rank_order() {
    ValueHistogram h = ValueHistogram.of(ValueScale.counts(), 5, 1, 4, 2, 3);
    assertThat(h.valuesAtRanks(5, 1, 3, 3)).containsExactly(5, 1, 3, 3);
  }

  @Test
  void merging_histograms_from_several_instances_equals_recording_everything_in_one() {
    SplittableRandom random = new SplittableRandom(7);
    ValueHistogram all = ValueHistogram.empty(ValueScale.latencyMillis());
    ValueHistogram[] instances = new ValueHistogram[3];
    for (int i = 0; i < instances.length; i++) {
      instances[i] = ValueHistogram.empty(ValueScale.latencyMillis());
    }
    for (int j = 0; j < 30_000; j++) {
      // instances see different ranges so their auto-resized arrays differ
      int instance = j % 3;
      double value = Math.exp(random.nextGaussian() * (instance + 1)) * 50;
      all.record(value);
      instances[instance].record(value);
    }
    ValueHistogram merged = ValueHistogram.empty(ValueScale.latencyMillis());
    for (ValueHistogram instance : instances) {
      merged.merge(instance);
    }
    assertThat(merged).isEqualTo(all);
    assertThat(merged.count()).isEqualTo(30_000);
    for (double q : new double[] {0.5, 0.9, 0.95, 0.99, 0.999}) {
      assertThat(merged.valueAtQuantile(q)).isEqualTo(all.valueAtQuantile(q));
    }
  }

  @Test
  void refuses_to_merge_histograms_recorded_at_different_scales() {
    ValueHistogram ms = ValueHistogram.of(ValueScale.latencyMillis(), 1);
    ValueHistogram tokens = ValueHistogram.of(ValueScale.counts(), 1);
    assertThatThrownBy(() -> ms.merge(tokens)).hasMessageContaining("other.scale must equal");
  }

  @Test
  void encodes_compactly_and_decodes_to_an_equal_histogram() {
    SplittableRandom random = new SplittableRandom(11);
    ValueHistogram h = ValueHistogram.empty(ValueScale.latencyMillis());
    for (int j = 0; j < 10_000; j++) {
      h.record(Math.exp(random.nextGaussian()) * 120);
    }
    byte[] bytes = h.encode();
    ValueHistogram decoded = ValueHistogram.decode(bytes);
    assertThat(decoded).isEqualTo(h);
    assertThat(decoded.scale()).isEqualTo(ValueScale.latencyMillis());
    assertThat(decoded.valueAtQuantile(0.99)).isEqualTo(h.valueAtQuantile(0.99));
    assertThat(bytes.length).as("10,000 latencies in bytes").isLessThan(8 * 1024);
  }

  @Test
  void a_decoded_histogram_keeps_growing_to_new_ranges() {
    ValueHistogram decoded = ValueHistogram.decode(ValueHistogram.of(ValueScale.latencyMillis(), 1).encode());
    decoded.record(3_600_000);
    decoded.merge(ValueHistogram.of(ValueScale.latencyMillis(), 7_200_000));
    assertThat(decoded.valueAtRank(3)).isCloseTo(7_200_000, within(7_200.0));
  }

  @Test
  void round_trips_an_empty_histogram() {
    ValueHistogram empty = ValueHistogram.empty(ValueScale.scores());
    assertThat(ValueHistogram.decode(empty.encode())).isEqualTo(empty);
  }

  @Test
  void rejects_bytes_that_are_not_a_value_histogram() {
    assertThatThrownBy(() -> ValueHistogram.decode(new byte[3])).hasMessageContaining("bytes.length must be >= 13");
    assertThatThrownBy(() -> ValueHistogram.decode(new byte[20])).hasMessageContaining("cookie");
    byte[] truncated = Arrays.copyOf(ValueHistogram.of(ValueScale.counts(), 1, 2, 3).encode(), 20);
    assertThatThrownBy(() -> ValueHistogram.decode(truncated)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compressed HdrHistogram");
  }

  @Test
  void records_negative_values_in_order_with_the_same_precision() {
    // A score difference in [-10, 10] and a preference -1/0/1: negatives sort below 0, magnitudes
    // keep three significant digits (exact to the hundredth below 20.48).
    ValueHistogram h = ValueHistogram.of(ValueScale.scores(), 3.5, -3.5, 0, -10, 10, -0.25, 1, -1);
    assertThat(h.count()).isEqualTo(8);
    assertThat(h.valuesAtRanks(1, 2, 3, 4, 5, 6, 7, 8))
        .containsExactly(-10, -3.5, -1, -0.25, 0, 1, 3.5, 10);
    assertThat(h.valueAtQuantile(0.5)).isEqualTo(-0.25);
    double big = -123_456.0;
    assertThat(ValueHistogram.of(ValueScale.counts(), big).valueAtRank(1))
        .isCloseTo(big, within(Math.abs(big) / 2048));
  }

  @Test
  void signed_histograms_merge_and_round_trip_exactly() {
    SplittableRandom random = new SplittableRandom(12);
    ValueHistogram a = ValueHistogram.empty(ValueScale.scores());
    ValueHistogram b = ValueHistogram.empty(ValueScale.scores());
    ValueHistogram all = ValueHistogram.empty(ValueScale.scores());
    double[] values = new double[2_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.rint(random.nextGaussian() * 300) / 100;
      (i % 2 == 0 ? a : b).record(values[i]);
      all.record(values[i]);
    }
    a.merge(b);
    assertThat(a).isEqualTo(all);
    ValueHistogram decoded = ValueHistogram.decode(all.encode());
    assertThat(decoded).isEqualTo(all);
    Arrays.sort(values);
    for (int rank = 1; rank <= values.length; rank += 97) {
      assertThat(decoded.valueAtRank(rank)).as("rank %d", rank).isEqualTo(values[rank - 1]);
    }
    // Without negatives the encoding stays the version-1 layout older instances read.
    assertThat(ValueHistogram.of(ValueScale.scores(), 1, 2).encode()[4]).isEqualTo((byte) 1);
  }

  @Test
  void rejects_impossible_values_and_ranks() {
    ValueHistogram h = ValueHistogram.of(ValueScale.counts(), 1, 2);
    assertThatThrownBy(() -> h.record(Double.NaN)).hasMessage("value must be finite (was NaN)");
    assertThatThrownBy(() -> h.record(-1e17)).hasMessageStartingWith("value must be between -9.007");
    assertThatThrownBy(() -> h.valueAtRank(3)).hasMessage("ranks[0] must be between 1 and 2 (was 3)");
    assertThatThrownBy(() -> h.valueAtQuantile(1.5)).hasMessage("q must be between 0 and 1 (was 1.5)");
    assertThatThrownBy(() -> ValueHistogram.empty(ValueScale.counts()).valueAtQuantile(0.5))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("count must be > 0");
  }

  @Test
  void copies_are_independent() {
    ValueHistogram h = ValueHistogram.of(ValueScale.counts(), 1);
    ValueHistogram copy = h.copy();
    copy.record(2);
    assertThat(h.count()).isEqualTo(1);
    assertThat(copy.count()).isEqualTo(2);
  }
}
