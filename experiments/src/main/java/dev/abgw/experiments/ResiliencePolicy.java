package dev.abgw.experiments;

/**
 * The resilience settings in force for one variant; a null part is off. {@link #NONE} is the gateway's
 * behaviour without a {@code resilience} block: one attempt, no fallback, no limit, no breaker.
 */
public record ResiliencePolicy(RetryPolicy retry, FallbackPolicy fallback, RateLimitPolicy rateLimit,
                               CircuitBreakerPolicy circuitBreaker) {
  public static final ResiliencePolicy NONE = new ResiliencePolicy(null, null, null, null);

  public boolean isNone() {
    return retry == null && fallback == null && rateLimit == null && circuitBreaker == null;
  }

  /** Attempts in all at the assigned variant (1 without a retry policy). */
  public int maxAttempts() {
    return retry == null ? 1 : retry.maxAttempts();
  }
}
