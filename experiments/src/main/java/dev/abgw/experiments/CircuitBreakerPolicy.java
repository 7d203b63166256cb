package dev.abgw.experiments;

/**
 * When to stop sending traffic to an upstream: once at least {@code minimumRequests} of the last
 * {@code windowRequests} attempts were recorded and the share of failures among them (connect, reset,
 * timeout, 5xx) is at least {@code failureRate}, the circuit opens; after {@code openSeconds} it lets
 * {@code halfOpenProbes} requests through and closes when fewer than {@code failureRate} of them fail.
 * One breaker per distinct upstream URL of the experiment.
 */
public record CircuitBreakerPolicy(double failureRate, int windowRequests, int minimumRequests, int halfOpenProbes,
                                   double openSeconds) {
  public static final double DEFAULT_FAILURE_RATE = 0.5;
  public static final int DEFAULT_WINDOW_REQUESTS = 20;
  public static final int DEFAULT_MINIMUM_REQUESTS = 10;
  public static final int DEFAULT_HALF_OPEN_PROBES = 3;
  public static final double DEFAULT_OPEN_SECONDS = 30;

  public CircuitBreakerPolicy {
    if (!(failureRate > 0 && failureRate <= 1)) {
      throw new IllegalArgumentException("failureRate must be > 0 and <= 1 (was " + failureRate + ")");
    }
    if (windowRequests < 1 || windowRequests > 10_000) {
      throw new IllegalArgumentException("windowRequests must be between 1 and 10000 (was " + windowRequests + ")");
    }
    if (minimumRequests < 1 || minimumRequests > windowRequests) {
      throw new IllegalArgumentException("minimumRequests must be between 1 and windowRequests (" + windowRequests + ") (was "
          + minimumRequests + ")");
    }
    if (halfOpenProbes < 1 || halfOpenProbes > 100) {
      throw new IllegalArgumentException("halfOpenProbes must be between 1 and 100 (was " + halfOpenProbes + ")");
    }
    if (!(openSeconds > 0 && openSeconds <= 3600)) {
      throw new IllegalArgumentException("openSeconds must be > 0 and <= 3600 (was " + openSeconds + ")");
    }
  }
}
