package dev.abgw.stats.report;

/** Fixed-horizon tests, or always-valid confidence sequences for continuous monitoring. */
public enum Mode {
  FIXED, SEQUENTIAL
}
