package dev.abgw.stats.test;

/** Why a statistic could not be computed. Written to JSON as its name, e.g. {@code "NOT_ENOUGH_DATA"}. */
public enum Reason {
  /** An arm has fewer than 2 units: no variance, no degrees of freedom. */
  NOT_ENOUGH_DATA,
  /** Both arms have zero variance: the standard error is 0. */
  ZERO_VARIANCE,
  /** The control mean is 0: the relative lift is undefined. */
  ZERO_CONTROL_MEAN,
  /** An arm has no unit (or no observation) at all. */
  EMPTY_ARM,
  /** The variant has no statistics for this metric. */
  MISSING_VARIANT
}
