package dev.abgw.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SimulatedJudgeTest {

  @Test
  void draws_scores_around_one_plus_four_times_quality_and_resolves_with_probability_quality() {
    for (double quality : new double[] {0.2, 0.5, 0.9}) {
      SimulatedJudge judge = SimulatedJudge.of(11);
      int n = 20_000;
      double sum = 0;
      double sumSquares = 0;
      int resolved = 0;
      for (int i = 0; i < n; i++) {
        Judgment j = judge.judge(quality);
        assertThat(j.score()).isBetween(1.0, 5.0);
        sum += j.score();
        sumSquares += j.score() * j.score();
        resolved += j.resolved() ? 1 : 0;
      }
      double mean = sum / n;
      double variance = sumSquares / n - mean * mean;
      // E = 1 + 4q, Var = 16 q (1 - q) / (k + 1); the tolerance is ~5 standard errors.
      assertThat(mean).isCloseTo(1 + 4 * quality, within(0.03));
      assertThat(variance).isCloseTo(16 * quality * (1 - quality) / 9, within(0.06));
      assertThat(resolved / (double) n).isCloseTo(quality, within(0.02));
    }
  }

  @Test
  void repeats_the_same_judgments_for_the_same_seed() {
    SimulatedJudge a = SimulatedJudge.of(5);
    SimulatedJudge b = SimulatedJudge.of(5);
    SimulatedJudge c = SimulatedJudge.of(6);
    boolean differs = false;
    for (int i = 0; i < 50; i++) {
      Judgment ja = a.judge(0.6);
      assertThat(b.judge(0.6)).isEqualTo(ja);
      differs |= !c.judge(0.6).equals(ja);
    }
    assertThat(differs).isTrue();
  }

  @Test
  void keyed_judgments_do_not_depend_on_order() {
    SimulatedJudge judge = SimulatedJudge.of(9);
    Judgment first = judge.judge(0.7, "req-1");
    judge.judge(0.7, "req-2");
    judge.judge(0.3);
    assertThat(judge.judge(0.7, "req-1")).isEqualTo(first);
    assertThat(SimulatedJudge.of(9).judge(0.7, "req-1")).isEqualTo(first);
  }

  @Test
  void reads_quality_from_the_header_and_rejects_values_outside_zero_one() {
    assertThat(SimulatedJudge.parseQuality(" 0.7500 ")).isEqualTo(0.75);
    assertThat(SimulatedJudge.of(1).judge("1.0000").resolved()).isTrue();
    assertThat(SimulatedJudge.of(1).judge("0").resolved()).isFalse();
    assertThatThrownBy(() -> SimulatedJudge.parseQuality("1.5"))
        .hasMessage("quality must be between 0 and 1 (was 1.5)");
    assertThatThrownBy(() -> SimulatedJudge.parseQuality(null))
        .hasMessage("X-Sim-Quality must be a number in [0, 1] (was 'null')");
  }
}
