package dev.abgw.stats.test;

import java.util.Optional;

/**
 * Treatment against control: the absolute difference and the relative lift. Either may be
 * absent, and then {@code reason} says why (an absolute result with no relative one means
 * {@link Reason#ZERO_CONTROL_MEAN} or {@link Reason#ZERO_RELATIVE_VARIANCE}).
 */
public record TwoArmResult(
    Optional<TestResult> absolute, Optional<TestResult> relative, Optional<Reason> reason) {

  public TwoArmResult {
    if (absolute.isEmpty() && reason.isEmpty()) {
      throw new IllegalArgumentException("reason must be present when absolute is absent");
    }
    if (absolute.isEmpty() && relative.isPresent()) {
      throw new IllegalArgumentException("relative must be absent when absolute is absent");
    }
  }

  public static TwoArmResult degenerate(Reason reason) {
    return new TwoArmResult(Optional.empty(), Optional.empty(), Optional.of(reason));
  }
}
