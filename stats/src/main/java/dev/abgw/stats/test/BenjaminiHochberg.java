package dev.abgw.stats.test;

/**
 * Benjamini-Hochberg step-up adjusted p-values, controlling the false discovery rate
 * (Benjamini and Hochberg 1995, "Controlling the false discovery rate", JRSS B). With
 * {@code p_(1) <= ... <= p_(m)}: {@code adj_(i) = min_{j >= i} min(1, m p_(j) / j)}, returned in
 * input order.
 */
public final class BenjaminiHochberg {

  private BenjaminiHochberg() {}

  public static double[] adjust(double[] pValues) {
    Corrections.check(pValues);
    int m = pValues.length;
    Integer[] order = Corrections.ascendingOrder(pValues);
    double[] adjusted = new double[m];
    double running = 1;
    for (int rank = m - 1; rank >= 0; rank--) {
      int i = order[rank];
      running = Math.min(running, Math.min(1, (double) m * pValues[i] / (rank + 1)));
      adjusted[i] = running;
    }
    return adjusted;
  }
}
