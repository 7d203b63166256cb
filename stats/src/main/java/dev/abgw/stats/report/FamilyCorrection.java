package dev.abgw.stats.report;

import dev.abgw.experiments.Correction;
import dev.abgw.stats.test.BenjaminiHochberg;
import dev.abgw.stats.test.Holm;

/** Applies the configured multiple-comparison correction to a family of p-values. */
final class FamilyCorrection {

  private FamilyCorrection() {}

  static double[] adjust(double[] pValues, Correction correction) {
    return switch (correction) {
      case HOLM -> Holm.adjust(pValues);
      case BH -> BenjaminiHochberg.adjust(pValues);
      case NONE -> pValues.clone();
    };
  }
}
