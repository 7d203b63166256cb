package dev.abgw.experiments;

/**
 * When a staged ramp-up moves on: pure, so the gateway's monitor only enforces it. The experiment
 * leaves stage {@code i} for {@code i + 1} when, since the stage began, at least {@code minUnits} new
 * units entered and {@code minMinutes} passed, and the guardrails hold (no breach, no sample ratio
 * mismatch, enough units to tell). Otherwise it stays; a breach with {@code autoRollback} stops the
 * variant instead (the monitor's rollback rule).
 */
public final class RolloutRule {

  private RolloutRule() {}

  /**
   * @param stage the current stage index
   * @param unitsSinceStageStart units that entered the experiment since the stage began
   * @param millisSinceStageStart time since the stage began
   * @param guardrailsHold whether the last evaluation found every guardrail unbreached on enough units
   * @return the stage to be in now: {@code stage} or {@code stage + 1}
   */
  public static int next(RolloutSpec rollout, int stage, long unitsSinceStageStart, long millisSinceStageStart,
                         boolean guardrailsHold) {
    if (stage >= rollout.last() || !guardrailsHold) {
      return stage;
    }
    RolloutStage s = rollout.stage(stage);
    return unitsSinceStageStart >= s.minUnits() && millisSinceStageStart >= s.minMillis() ? stage + 1 : stage;
  }
}
