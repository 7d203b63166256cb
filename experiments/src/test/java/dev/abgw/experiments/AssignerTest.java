package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AssignerTest {

  private static final int N = 1_000_000;

  @Test
  void bucket_is_pinned_to_xxhash64_of_salt_zero_unit() {
    // (XXH64(b"support-prompt-v2\0user-42", seed) >>> 11) * 2^-53, computed with the reference C implementation.
    assertThat(Assigner.bucket("support-prompt-v2", "user-42")).isEqualTo(0.9481814473055401);
    assertThat(Assigner.inclusionBucket("support-prompt-v2", "user-42")).isEqualTo(0.6980032968085111);
    assertThat(Assigner.bucket("a-much-longer-salt-for-testing-lanes", "and-a-long-unit-id-0123456789"))
        .isEqualTo(0.4785174716903592);
    assertThat(Assigner.bucket("sel-\u00e9\uD83D\uDE00", "\u00fcnit-\u4e2d")).isEqualTo(0.7418004510909242);
  }

  @Test
  void assigns_same_variant_every_time_and_across_a_freshly_parsed_definition() {
    Experiment e = Fixtures.fullExperiment();
    Experiment reparsed = ((ParseResult.Valid) ExperimentParser.parse(ExperimentJson.toJson(e))).experiment();
    Assigner bound = Assigner.of(reparsed);
    for (int i = 0; i < 10_000; i++) {
      String unit = "user-" + i;
      Assignment first = Assigner.assign(e, unit);
      assertThat(Assigner.assign(e, unit)).isEqualTo(first);
      assertThat(Assigner.assign(reparsed, unit)).isEqualTo(first);
      assertThat(bound.assign(unit)).isEqualTo(first);
    }
  }

  @Test
  void user_42_gets_treatment_in_the_support_example() {
    // bucket 0.948... * total weight 100 = 94.8, past control's range [0, 50): treatment.
    Assignment a = Assigner.assign(Fixtures.fullExperiment(), "user-42");
    assertThat(a.variant().name()).isEqualTo("treatment");
    assertThat(a.counted()).isTrue();
  }

  @Test
  void splits_50_50_within_one_percent_of_weight() {
    assertSplit(Fixtures.withWeights("s5050", 1.0, 50, 50));
  }

  @Test
  void splits_10_90_within_one_percent_of_weight() {
    assertSplit(Fixtures.withWeights("s1090", 1.0, 10, 90));
  }

  @Test
  void splits_three_unequal_arms_within_one_percent_of_weight() {
    assertSplit(Fixtures.withWeights("s3arm", 1.0, 20, 30, 50));
  }

  @Test
  void never_assigns_an_arm_with_zero_weight() {
    Experiment e = Fixtures.withWeights("zero", 1.0, 1, 0, 1);
    int[] counts = counts(e, 100_000);
    assertThat(counts[1]).isZero();
    assertThat(counts[0] + counts[2]).isEqualTo(100_000);
  }

  @Test
  void assignments_of_two_experiments_with_different_salts_are_independent() {
    Experiment a = Fixtures.withWeights("salt-a", 1.0, 50, 50);
    Experiment b = Fixtures.withWeights("salt-b", 1.0, 20, 30, 50);
    assertIndependent(a, b);
  }

  @Test
  void inclusion_is_independent_of_variant() {
    // Cross inclusion (in/out at 0.5) with the variant the unit would get at full allocation.
    Experiment half = Fixtures.withWeights("incl", 0.5, 50, 50);
    Experiment full = Fixtures.withWeights("incl", 1.0, 50, 50);
    long[][] table = new long[2][2];
    for (int i = 0; i < N; i++) {
      String unit = "u" + i;
      table[Assigner.assign(half, unit).counted() ? 1 : 0][Assigner.variantIndex(full, unit)]++;
    }
    assertThat(chiSquare(table)).isLessThan(10.83); // 1 degree of freedom, p = 0.001
  }

  @Test
  void allocation_0_3_admits_30_percent_within_one_percent() {
    Experiment e = Fixtures.withWeights("alloc", 0.3, 50, 50);
    int counted = 0;
    for (int i = 0; i < N; i++) {
      Assignment a = Assigner.assign(e, "unit-" + i);
      if (a.counted()) {
        counted++;
      } else if (!a.variant().name().equals("v0")) {
        throw new AssertionError("unit-" + i + " outside the allocation got " + a.variant().name());
      }
    }
    assertThat(counted / (double) N).isCloseTo(0.3, within(0.003));
  }

  @Test
  void raising_allocation_keeps_every_admitted_unit_in_its_arm() {
    Experiment low = Fixtures.withWeights("grow", 0.2, 50, 50);
    Experiment high = Fixtures.withWeights("grow", 0.6, 50, 50);
    int admitted = 0;
    for (int i = 0; i < 100_000; i++) {
      String unit = "unit-" + i;
      Assignment before = Assigner.assign(low, unit);
      if (before.counted()) {
        admitted++;
        assertThat(Assigner.assign(high, unit)).isEqualTo(before);
      }
    }
    assertThat(admitted).isBetween(19_000, 21_000);
  }

  @Test
  void allocation_zero_admits_nobody() {
    Experiment e = Fixtures.withWeights("none", 0.0, 50, 50);
    for (int i = 0; i < 10_000; i++) {
      assertThat(Assigner.assign(e, "u" + i).counted()).isFalse();
    }
  }

  @Test
  void paused_stopped_and_draft_serve_control_without_counting() {
    Experiment running = Fixtures.withWeights("status", 1.0, 50, 50);
    for (Status s : new Status[] {Status.PAUSED, Status.STOPPED, Status.DRAFT}) {
      Experiment e = running.withStatus(s);
      for (int i = 0; i < 1000; i++) {
        Assignment a = Assigner.assign(e, "u" + i);
        assertThat(a.variant().name()).isEqualTo("v0");
        assertThat(a.counted()).isFalse();
      }
    }
  }

  @Test
  void resuming_a_paused_experiment_gives_units_their_old_arms() {
    Experiment running = Fixtures.withWeights("resume", 1.0, 50, 50);
    Experiment resumed = running.withStatus(Status.PAUSED).withStatus(Status.RUNNING);
    for (int i = 0; i < 1000; i++) {
      assertThat(Assigner.assign(resumed, "u" + i)).isEqualTo(Assigner.assign(running, "u" + i));
    }
  }

  @Test
  void fallback_request_uses_the_request_id_as_unit() {
    Experiment e = Fixtures.withWeights("fb", 1.0, 50, 50);
    assertThat(Assigner.assignOrFallback(e, null, "req-9")).contains(Assigner.assign(e, "req-9"));
    assertThat(Assigner.assignOrFallback(e, "", "req-9")).contains(Assigner.assign(e, "req-9"));
    assertThat(Assigner.assignOrFallback(e, "user-1", "req-9")).contains(Assigner.assign(e, "user-1"));
  }

  @Test
  void fallback_control_serves_control_uncounted_and_reject_refuses() {
    Experiment base = Fixtures.withWeights("fb2", 1.0, 50, 50);
    Experiment control = withFallback(base, UnitFallback.CONTROL);
    Experiment reject = withFallback(base, UnitFallback.REJECT);
    assertThat(Assigner.assignOrFallback(control, null, "req-1")).contains(new Assignment(base.controlVariant(), false));
    assertThat(Assigner.assignOrFallback(reject, null, "req-1")).isEqualTo(Optional.empty());
    assertThat(Assigner.assignOrFallback(reject, "user-1", "req-1")).contains(Assigner.assign(reject, "user-1"));
  }

  @Test
  void bound_assigner_falls_back_exactly_as_the_static_one() {
    Experiment base = Fixtures.withWeights("fb3", 1.0, 50, 50);
    for (UnitFallback f : UnitFallback.values()) {
      Experiment e = withFallback(base, f);
      Assigner bound = Assigner.of(e);
      for (String unit : new String[] {null, "", "user-1", "user-2"}) {
        assertThat(bound.assignOrFallback(unit, "req-7")).isEqualTo(Assigner.assignOrFallback(e, unit, "req-7"));
      }
    }
    Assigner control = Assigner.of(withFallback(base, UnitFallback.CONTROL));
    assertThat(control.assignOrFallback(null, "req-1").orElseThrow()).isSameAs(control.assignOrFallback(null, "req-2").orElseThrow());
  }

  @Test
  void bound_assigner_returns_shared_instances() {
    Assigner a = Assigner.of(Fixtures.withWeights("shared", 1.0, 50, 50));
    assertThat(a.assign("x")).isSameAs(a.assign("x"));
  }

  private static Experiment withFallback(Experiment e, UnitFallback f) {
    return new Experiment(e.id(), e.description(), e.status(), e.salt(), e.route(), UnitSpec.body("/user", f),
        e.variants(), e.control(), e.allocation(), e.metrics(), e.analysis(), e.segments());
  }

  private static void assertSplit(Experiment e) {
    int[] counts = counts(e, N);
    double total = e.totalWeight();
    for (int i = 0; i < counts.length; i++) {
      double expected = N * e.variants().get(i).weight() / total;
      assertThat((double) counts[i]).as("arm %d", i).isCloseTo(expected, within(expected * 0.01));
    }
  }

  private static int[] counts(Experiment e, int n) {
    int[] counts = new int[e.variants().size()];
    for (int i = 0; i < n; i++) {
      Assignment a = Assigner.assign(e, "user-" + i);
      if (!a.counted()) {
        throw new AssertionError("user-" + i + " not counted in a running experiment at full allocation");
      }
      counts[e.variants().indexOf(a.variant())]++;
    }
    return counts;
  }

  private static void assertIndependent(Experiment a, Experiment b) {
    long[][] table = new long[a.variants().size()][b.variants().size()];
    for (int i = 0; i < N; i++) {
      String unit = "user-" + i;
      table[Assigner.variantIndex(a, unit)][Assigner.variantIndex(b, unit)]++;
    }
    // (2-1)(3-1) = 2 degrees of freedom: critical value 13.82 at p = 0.001.
    assertThat(chiSquare(table)).isLessThan(13.82);
  }

  /** Pearson's chi-square statistic of independence, sum (O - E)^2 / E with E = row * column / n. */
  private static double chiSquare(long[][] t) {
    long n = 0;
    long[] rows = new long[t.length];
    long[] cols = new long[t[0].length];
    for (int r = 0; r < t.length; r++) {
      for (int c = 0; c < t[0].length; c++) {
        rows[r] += t[r][c];
        cols[c] += t[r][c];
        n += t[r][c];
      }
    }
    double chi = 0;
    for (int r = 0; r < t.length; r++) {
      for (int c = 0; c < t[0].length; c++) {
        double expected = rows[r] * (double) cols[c] / n;
        chi += (t[r][c] - expected) * (t[r][c] - expected) / expected;
      }
    }
    return chi;
  }
}
