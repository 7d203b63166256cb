package dev.abgw.stats.test;

/**
 * Holm's step-down adjusted p-values, controlling the family-wise error rate (Holm 1979, "A
 * simple sequentially rejective multiple test procedure", Scandinavian Journal of Statistics).
 * With {@code p_(1) <= ... <= p_(m)}:
 * {@code adj_(i) = min(1, max_{j <= i} (m - j + 1) p_(j))}, returned in input order.
 */
public final class Holm {

  private Holm() {}

  public static double[] adjust(double[] pValues) {
    Corrections.check(pValues);
    int m = pValues.length;
    Integer[] order = Corrections.ascendingOrder(pValues);
    double[] adjusted = new double[m];
    double running = 0;
    for (int rank = 0; rank < m; rank++) {
      int i = order[rank];
      running = Math.max(running, Math.min(1, (m - rank) * pValues[i]));
      adjusted[i] = running;
    }
    return adjusted;
  }
}
