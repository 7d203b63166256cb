package dev.abgw.stats.quantile;

/** Why a quantile estimate or comparison is missing some or all of its numbers. */
public enum QuantileReason {
  /** The histogram holds no values: no quantile, no interval. */
  EMPTY,
  /**
   * Too few values for the rank interval: {@code n p - z sqrt(n p (1-p)) < 1} or
   * {@code n p + z sqrt(n p (1-p)) > n}, so one end of the interval lies beyond the observed values.
   * The point estimate is reported, the interval and standard error are not.
   */
  NOT_ENOUGH_DATA,
  /** An arm of the comparison is empty: no difference. */
  EMPTY_ARM,
  /**
   * Both arms' intervals have zero width (ties, e.g. integer scores): the difference is reported, but the
   * normal approximation behind its interval and p-value does not hold.
   */
  ZERO_STANDARD_ERROR,
  /** The control quantile is 0: the relative difference is undefined; the absolute one is reported. */
  ZERO_CONTROL_VALUE
}
