package dev.abgw.stats;

/**
 * Sufficient statistics of a binary per-unit outcome: units and successes. Additive with
 * {@link #plus}. Proportion {@code p = successes / n}; per-unit variance {@code p (1 - p)}
 * (denominator n, the Bernoulli variance).
 *
 * @param n number of units, {@code >= 0}
 * @param successes units with outcome 1, {@code 0 <= successes <= n}
 */
public record ProportionStats(long n, long successes) {

  public ProportionStats {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0 (was " + n + ")");
    }
    if (successes < 0 || successes > n) {
      throw new IllegalArgumentException(
          "successes must be between 0 and n=" + n + " (was " + successes + ")");
    }
  }

  public static ProportionStats empty() {
    return new ProportionStats(0, 0);
  }

  public static ProportionStats of(long n, long successes) {
    return new ProportionStats(n, successes);
  }

  public ProportionStats plus(ProportionStats other) {
    return new ProportionStats(n + other.n, successes + other.successes);
  }
}
