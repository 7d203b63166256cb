package dev.abgw.agents;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.JDKRandomGenerator;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Draws noisy judgments from an agent's true quality {@code q} (the {@code X-Sim-Quality} header).
 *
 * <p>Model, for quality {@code q} in [0, 1] and concentration {@code k > 0}:
 * <ul>
 *   <li>{@code resolved ~ Bernoulli(q)}, so {@code P(resolved) = q};</li>
 *   <li>{@code score = 1 + 4 X} with {@code X ~ Beta(a = q' k, b = (1 - q') k)} and
 *       {@code q' = clamp(q, 0.001, 0.999)} (Beta needs {@code a, b > 0}), so
 *       {@code E[score] = 1 + 4 q'} and {@code Var[score] = 16 q'(1 - q') / (k + 1)}.</li>
 * </ul>
 * A larger {@code k} is a more consistent judge; the default {@code k = 8} gives a standard deviation of
 * about 0.7 points at {@code q = 0.5}. The mean and variance are those of the Beta distribution
 * (Johnson, Kotz and Balakrishnan, <i>Continuous Univariate Distributions</i>, vol. 2, ch. 25).
 *
 * <p>{@link #judge(double)} draws from one seeded stream (reproducible when called in a fixed order);
 * {@link #judge(double, String)} draws from {@code (seed, key)} only, reproducible in any order, e.g.
 * keyed by the request id when responses arrive concurrently. Instances are thread-safe.
 */
public final class SimulatedJudge {

  /** Default Beta concentration {@code k}. */
  public static final double DEFAULT_CONCENTRATION = 8;
  private static final double EDGE = 0.001;

  private final long seed;
  private final double concentration;
  private final RandomGenerator stream;

  private SimulatedJudge(long seed, double concentration) {
    if (!(concentration > 0) || Double.isInfinite(concentration)) {
      throw new IllegalArgumentException("concentration must be a finite number > 0 (was " + concentration + ")");
    }
    this.seed = seed;
    this.concentration = concentration;
    this.stream = seeded(seed);
  }

  /** A judge with the default concentration. */
  public static SimulatedJudge of(long seed) {
    return new SimulatedJudge(seed, DEFAULT_CONCENTRATION);
  }

  /** A judge with Beta concentration {@code concentration} ({@code k} above). */
  public static SimulatedJudge of(long seed, double concentration) {
    return new SimulatedJudge(seed, concentration);
  }

  /** Parses an {@code X-Sim-Quality} header value; it must be a number in [0, 1]. */
  public static double parseQuality(String header) {
    double quality;
    try {
      quality = Double.parseDouble(header == null ? "" : header.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("X-Sim-Quality must be a number in [0, 1] (was '" + header + "')");
    }
    requireQuality(quality);
    return quality;
  }

  /** Next judgment of an answer of quality {@code quality} from this judge's seeded stream. */
  public synchronized Judgment judge(double quality) {
    return draw(quality, stream);
  }

  /** Next judgment of an answer whose {@code X-Sim-Quality} header is {@code header}. */
  public Judgment judge(String header) {
    return judge(parseQuality(header));
  }

  /** Judgment drawn from {@code (seed, key)} alone: the same key always gets the same judgment. */
  public Judgment judge(double quality, String key) {
    long mixed = seed * 0x9E3779B97F4A7C15L + key.hashCode();
    mixed ^= mixed >>> 31;
    return draw(quality, seeded(mixed));
  }

  private Judgment draw(double quality, RandomGenerator rng) {
    requireQuality(quality);
    boolean resolved = rng.nextDouble() < quality;
    double q = Math.max(EDGE, Math.min(1 - EDGE, quality));
    double x = new BetaDistribution(rng, q * concentration, (1 - q) * concentration).sample();
    return new Judgment(1 + 4 * Math.max(0, Math.min(1, x)), resolved);
  }

  private static RandomGenerator seeded(long seed) {
    JDKRandomGenerator rng = new JDKRandomGenerator();
    rng.setSeed(seed);
    return rng;
  }

  private static void requireQuality(double quality) {
    if (!(quality >= 0 && quality <= 1)) {
      throw new IllegalArgumentException("quality must be between 0 and 1 (was " + quality + ")");
    }
  }
}
