package dev.abgw.stats.report;

import dev.abgw.stats.test.SequentialResult;

/**
 * Sequential mode: the running intersection of the confidence sequence's intervals and the
 * running minimum of its p-values, for the absolute effect and (when defined) the relative one.
 */
public record SequentialView(SequentialResult absolute, SequentialResult relative) {

  public SequentialView {
    if (absolute == null) {
      throw new IllegalArgumentException("absolute must not be null");
    }
  }
}
