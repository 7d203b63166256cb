package dev.abgw.experiments;

/**
 * One stage of a staged ramp-up.
 *
 * @param allocation share of units in the experiment during this stage, in (0, 1]
 * @param minUnits units that must enter during this stage before the next one, {@code >= 0}
 * @param minMinutes minutes the stage lasts at least, {@code >= 0}
 */
public record RolloutStage(double allocation, long minUnits, double minMinutes) {

  public RolloutStage {
    if (!(allocation > 0 && allocation <= 1)) {
      throw new IllegalArgumentException("stage allocation must be > 0 and <= 1 (was " + allocation + ")");
    }
    if (minUnits < 0) {
      throw new IllegalArgumentException("stage minUnits must be >= 0 (was " + minUnits + ")");
    }
    if (!(minMinutes >= 0) || Double.isInfinite(minMinutes)) {
      throw new IllegalArgumentException("stage minMinutes must be finite and >= 0 (was " + minMinutes + ")");
    }
  }

  /** {@code minMinutes} in milliseconds. */
  public long minMillis() {
    return Math.round(minMinutes * 60_000);
  }
}
