package dev.abgw.stats.report;

/** What the decision recommends for the experiment. */
public enum Action {
  SHIP, ROLLBACK, KEEP_RUNNING, INVALID
}
