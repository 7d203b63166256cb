package dev.abgw.stats.report;

import dev.abgw.stats.test.SampleRatioMismatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the report's SRM section from the arms' exposed units and configured weights. */
final class SrmCheck {

  private SrmCheck() {}

  static SrmSection of(List<ArmInput> arms, double threshold) {
    long[] observed = new long[arms.size()];
    double[] weights = new double[arms.size()];
    double weightSum = 0;
    for (int i = 0; i < arms.size(); i++) {
      observed[i] = arms.get(i).units();
      weights[i] = arms.get(i).weight();
      weightSum += weights[i];
    }
    Map<String, Long> observedByVariant = new LinkedHashMap<>();
    Map<String, Double> expectedShare = new LinkedHashMap<>();
    for (ArmInput arm : arms) {
      observedByVariant.put(arm.variant(), arm.units());
      expectedShare.put(arm.variant(), weightSum > 0 ? arm.weight() / weightSum : 0.0);
    }
    double p = weightSum > 0 ? SampleRatioMismatch.pValue(observed, weights) : 1;
    return new SrmSection(p, p < threshold, threshold, observedByVariant, expectedShare);
  }
}
