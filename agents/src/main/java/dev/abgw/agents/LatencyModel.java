package dev.abgw.agents;

import java.util.random.RandomGenerator;

/**
 * How long a simulated agent thinks before it answers (time to first byte), in milliseconds.
 *
 * <p>Two shapes: {@link #fixed(long)} for exact benchmarks and {@link #lognormal(double, double)}
 * for realistic right-skewed latencies. A lognormal with median {@code m} and shape {@code sigma}
 * draws {@code m * exp(sigma * Z)} with {@code Z ~ N(0, 1)}; its mean is {@code m * exp(sigma^2 / 2)}
 * and its p99 is {@code m * exp(2.326 * sigma)} (Johnson, Kotz and Balakrishnan, <i>Continuous
 * Univariate Distributions</i>, vol. 1, ch. 14).
 */
public sealed interface LatencyModel {

  /** Longest latency a model may draw, so a heavy tail cannot park a request for hours. */
  long MAX_LATENCY_MILLIS = 600_000;

  /** Draws one latency in milliseconds, in {@code [0, MAX_LATENCY_MILLIS]}. */
  long sampleMillis(RandomGenerator rng);

  /** Every request waits exactly {@code millis}. */
  static LatencyModel fixed(long millis) {
    return new Fixed(millis);
  }

  /** Lognormal latency with the given median (ms) and log-scale standard deviation {@code sigma}. */
  static LatencyModel lognormal(double medianMillis, double sigma) {
    return new LogNormal(medianMillis, sigma);
  }

  /** A constant latency. */
  record Fixed(long millis) implements LatencyModel {
    public Fixed {
      if (millis < 0 || millis > MAX_LATENCY_MILLIS) {
        throw new IllegalArgumentException(
            "latency.millis must be between 0 and " + MAX_LATENCY_MILLIS + " (was " + millis + ")");
      }
    }

    @Override
    public long sampleMillis(RandomGenerator rng) {
      return millis;
    }
  }

  /** {@code medianMillis * exp(sigma * Z)}, rounded to whole milliseconds and capped. */
  record LogNormal(double medianMillis, double sigma) implements LatencyModel {
    public LogNormal {
      if (!(medianMillis > 0) || medianMillis > MAX_LATENCY_MILLIS) {
        throw new IllegalArgumentException(
            "latency.medianMillis must be > 0 and <= " + MAX_LATENCY_MILLIS + " (was " + medianMillis + ")");
      }
      if (!(sigma >= 0) || sigma > 5) {
        throw new IllegalArgumentException("latency.sigma must be between 0 and 5 (was " + sigma + ")");
      }
    }

    @Override
    public long sampleMillis(RandomGenerator rng) {
      double value = medianMillis * Math.exp(sigma * rng.nextGaussian());
      return Math.min(MAX_LATENCY_MILLIS, Math.round(value));
    }
  }
}
