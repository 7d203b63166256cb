package dev.abgw.stats.report;

/** Multiple-comparison correction over the family metrics x treatment variants. */
public enum Correction {
  HOLM, BH, NONE
}
