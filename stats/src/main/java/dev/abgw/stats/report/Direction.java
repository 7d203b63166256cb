package dev.abgw.stats.report;

/** Which way a metric should move for the treatment to be better. */
public enum Direction {
  INCREASE, DECREASE
}
