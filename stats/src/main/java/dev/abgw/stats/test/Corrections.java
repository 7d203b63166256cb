package dev.abgw.stats.test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Input check and ordering shared by the multiple-comparison corrections. */
final class Corrections {

  private Corrections() {}

  static void check(double[] pValues) {
    for (int i = 0; i < pValues.length; i++) {
      if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
        throw new IllegalArgumentException(
            "pValues[" + i + "] must be between 0 and 1 (was " + pValues[i] + ")");
      }
    }
  }

  /** Indices of {@code pValues} from the smallest p-value to the largest (ties in input order). */
  static Integer[] ascendingOrder(double[] pValues) {
    Integer[] order = IntStream.range(0, pValues.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
    return order;
  }
}
