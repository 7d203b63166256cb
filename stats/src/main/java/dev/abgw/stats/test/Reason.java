package dev.abgw.stats.test;

/** Why a statistic could not be computed. Written to JSON as its name, e.g. {@code "NOT_ENOUGH_DATA"}. */
public enum Reason {
  /** An arm has fewer than 2 units: no variance, no degrees of freedom. */
  NOT_ENOUGH_DATA,
  /** Both arms have zero variance and the same mean: no difference, and nothing to test. */
  ZERO_VARIANCE,
  /**
   * Both arms have zero variance but different means (say control always 0, treatment always 1): the
   * arms differ, yet without sampling variance the test cannot quantify the difference (no standard
   * error, interval or p-value). Never read as "no difference".
   */
  ZERO_VARIANCE_ARMS_DIFFER,
  /** The control mean is 0: the relative lift is undefined. */
  ZERO_CONTROL_MEAN,
  /**
   * The relative lift's delta-method variance is 0 (the treatment is constant at 0, e.g. a share of
   * bad answers that never occurs): the lift is -100% but has no interval; the absolute test stands.
   */
  ZERO_RELATIVE_VARIANCE,
  /** An arm has no unit (or no observation) at all. */
  EMPTY_ARM,
  /** The variant has no statistics for this metric. */
  MISSING_VARIANT
}
