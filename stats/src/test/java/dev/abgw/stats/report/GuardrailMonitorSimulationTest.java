package dev.abgw.stats.report;

import dev.abgw.experiments.Mode;
import dev.abgw.experiments.Direction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.stats.RatioStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded simulations of the automatic rollback rule ({@link RollbackRule}) as a monitor applies it:
 * 30 looks per run, each after a new batch of units; units are split by a fair coin (so the SRM
 * check sees real imbalance), send a clustered number of requests (most 1 to 5, a tenth of them
 * heavy users with about 15) whose latency is log-normal around a per-unit level, and give one
 * helpfulness judgment. The latency guardrail has a 10% relative margin; helpfulness is the goal.
 */
class GuardrailMonitorSimulationTest {

  private static final int LOOKS = 30;
  private static final GuardrailMargin TEN_PERCENT = GuardrailMargin.relative(0.10);

  /** Running sums of one arm for one metric, as the store keeps them. */
  private static final class Sums {
    long units;
    double s;
    double s2;
    double n;
    double n2;
    double cross;

    void add(double unitSum, double unitCount) {
      units++;
      s += unitSum;
      s2 += unitSum * unitSum;
      n += unitCount;
      n2 += unitCount * unitCount;
      cross += unitSum * unitCount;
    }

    RatioStats stats() {
      return RatioStats.of(units, s, s2, n, n2, cross);
    }
  }

  /** Outcome of one monitored run. */
  private record Run(boolean rolledBack, long unitsAtRollback, RollbackRule.Cause cause, boolean shipped,
      long unitsAtShip) {}

  private static Run run(long seed, int unitsPerLook, double latencyLift, double helpfulnessLift) {
    return run(seed, unitsPerLook, latencyLift, helpfulnessLift, false);
  }

  /** With {@code report}, the sequential report is also read at every look and the run ends when it says ship. */
  private static Run run(long seed, int unitsPerLook, double latencyLift, double helpfulnessLift, boolean report) {
    SplittableRandom r = new SplittableRandom(seed);
    Sums[] latency = {new Sums(), new Sums()};
    Sums[] helpful = {new Sums(), new Sums()};
    ReportInput input = null;
    SequentialState state = SequentialState.empty();
    for (int look = 0; look < LOOKS; look++) {
      for (int u = 0; u < unitsPerLook; u++) {
        int arm = r.nextBoolean() ? 1 : 0;
        boolean heavy = r.nextDouble() < 0.1;
        int requests = heavy ? 10 + r.nextInt(11) : 1 + r.nextInt(5);
        double level = Math.log(800) + 0.3 * r.nextGaussian();
        double total = 0;
        for (int q = 0; q < requests; q++) {
          total += Math.exp(level + 0.5 * r.nextGaussian() - 0.125);
        }
        latency[arm].add(total * (arm == 1 ? 1 + latencyLift : 1), requests);
        helpful[arm].add(3 + r.nextGaussian() + (arm == 1 ? helpfulnessLift : 0), 1);
      }
      input = input(latency, helpful);
      RollbackRule.Verdict verdict = RollbackRule.evaluate(input, Set.of());
      if (verdict.rollback()) {
        RollbackRule.Stop stop = verdict.stops().get(0);
        assertThat(stop.variant()).isEqualTo("treatment");
        return new Run(true, latency[0].units + latency[1].units, stop.cause(), false, 0);
      }
      if (report) {
        ReportResult result = ReportBuilder.build(input.withPrevious(state), Samples.CLOCK);
        state = result.next();
        if (result.report().decision().action() == Action.SHIP) {
          return new Run(false, 0, null, true, latency[0].units + latency[1].units);
        }
      }
    }
    return new Run(false, 0, null, false, 0);
  }

  private static ReportInput input(Sums[] latency, Sums[] helpful) {
    List<ArmInput> arms = List.of(ArmInput.of("control", 1, latency[0].units, (long) latency[0].n),
        ArmInput.of("treatment", 1, latency[1].units, (long) latency[1].n));
    MetricInput goal = MetricInput.of("helpfulness", MetricKind.CONTINUOUS, Direction.INCREASE,
        Map.of("control", helpful[0].stats(), "treatment", helpful[1].stats())).withRole(Role.GOAL, null);
    MetricInput guard = MetricInput.of("latency", MetricKind.CONTINUOUS, Direction.DECREASE,
        Map.of("control", latency[0].stats(), "treatment", latency[1].stats())).withRole(Role.GUARDRAIL, TEN_PERCENT);
    return ReportInput.of("monitored", "control", AnalysisConfig.defaults().withMode(Mode.SEQUENTIAL), arms,
        List.of(goal, guard));
  }

  private static List<Run> runs(int count, long seedBase, int unitsPerLook, double latencyLift, double goalLift) {
    return runs(count, seedBase, unitsPerLook, latencyLift, goalLift, false);
  }

  private static List<Run> runs(int count, long seedBase, int unitsPerLook, double latencyLift, double goalLift,
      boolean report) {
    List<Run> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(run(seedBase + i, unitsPerLook, latencyLift, goalLift, report));
    }
    return out;
  }

  private static long rolledBack(List<Run> runs) {
    return runs.stream().filter(Run::rolledBack).count();
  }

  @Test
  void aa_runs_monitored_at_30_looks_roll_back_in_at_most_5_percent() {
    List<Run> runs = runs(200, 1_000, 100, 0, 0);
    long falseRollbacks = rolledBack(runs);
    System.out.printf("A/A: %d of 200 runs rolled back (%s)%n", falseRollbacks,
        runs.stream().filter(Run::rolledBack).map(Run::cause).toList());
    assertThat(falseRollbacks).isLessThanOrEqualTo(10);
  }

  @Test
  void a_variant_exactly_at_its_margin_is_rolled_back_in_at_most_5_percent_of_runs_however_often_it_is_checked() {
    // +10% is the boundary of "worse by at most the margin": the breach test's own type I error.
    List<Run> runs = runs(200, 2_000, 100, 0.10, 0);
    long rollbacks = rolledBack(runs);
    System.out.printf("at the margin (+10%% on 10%%): %d of 200 runs rolled back (%s)%n", rollbacks,
        runs.stream().filter(Run::rolledBack).map(Run::cause).toList());
    assertThat(rollbacks).isLessThanOrEqualTo(10);
  }

  @Test
  void a_planted_30_percent_latency_regression_is_rolled_back_in_at_least_95_percent_of_runs() {
    List<Run> runs = runs(200, 3_000, 100, 0.30, 0);
    long rollbacks = rolledBack(runs);
    long[] units = runs.stream().filter(Run::rolledBack).mapToLong(Run::unitsAtRollback).sorted().toArray();
    long median = units[units.length / 2];
    System.out.printf("+30%% on a 10%% margin: %d of 200 runs rolled back, median units at rollback %d"
        + " (of %d by the last look)%n", rollbacks, median, 100L * LOOKS);
    assertThat(rollbacks).isGreaterThanOrEqualTo(190);
    assertThat(runs.stream().filter(Run::rolledBack).map(Run::cause))
        .containsOnly(RollbackRule.Cause.GUARDRAIL_BREACH);
  }

  @Test
  void a_variant_within_its_margin_with_a_better_goal_is_never_rolled_back_and_ends_in_ship() {
    List<Run> runs = runs(100, 4_000, 400, 0.05, 0.3, true);
    // Never for the guardrail: the only rollbacks allowed are the SRM check's false alarms (A/A: 1.5%).
    assertThat(runs.stream().filter(Run::rolledBack).map(Run::cause))
        .as("causes of rollback").containsOnly(RollbackRule.Cause.SAMPLE_RATIO_MISMATCH);
    assertThat(rolledBack(runs)).isLessThanOrEqualTo(3);
    long ships = runs.stream().filter(Run::shipped).count();
    long[] units = runs.stream().filter(Run::shipped).mapToLong(Run::unitsAtShip).sorted().toArray();
    System.out.printf("+5%% on a 10%% margin with a better goal: %d of 100 runs end in ship (%d rolled back by SRM),"
        + " median units at ship %d (of %d by the last look)%n", ships, rolledBack(runs),
        units.length == 0 ? 0 : units[units.length / 2], 400L * LOOKS);
    assertThat(ships).isGreaterThanOrEqualTo(95);
  }
}
