package dev.abgw.stats.report;

/** Where a guardrail stands for one treatment. */
public enum GuardrailStatus {
  /** The non-inferiority test rejects: worse by less than the margin, with confidence. */
  NON_INFERIOR,
  /** The inferiority test rejects: worse by more than the margin, with confidence. */
  BREACHED,
  /** Neither test rejects yet: more units are needed. */
  NOT_YET_SHOWN,
  /** No test is possible (see the reason), e.g. an empty arm or no variance in either arm. */
  UNTESTABLE;

  /** The JSON spelling: {@code non-inferior}, {@code breached}, {@code not yet shown}, {@code untestable}. */
  public String json() {
    return this == NON_INFERIOR ? "non-inferior" : name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }
}
