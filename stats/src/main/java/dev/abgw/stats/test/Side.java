package dev.abgw.stats.test;

/**
 * The alternative of a one-sided test of {@code effect} against a test value {@code m}.
 * {@code GREATER}: H0 {@code effect <= m}, H1 {@code effect > m}; the interval is
 * {@code [bound, +inf)}. {@code LESSER}: H0 {@code effect >= m}, H1 {@code effect < m}; the
 * interval is {@code (-inf, bound]}.
 */
public enum Side {
  GREATER, LESSER;

  /** Whether {@code bound} lies strictly on this side's alternative of {@code testValue}. */
  public boolean rejects(double bound, double testValue) {
    return this == GREATER ? bound > testValue : bound < testValue;
  }
}
