package dev.abgw.experiments;

/**
 * The most traffic the gateway sends to one variant: a rate ({@code requestsPerSecond} with {@code burst}
 * extra requests allowed at once, a token bucket), a concurrency cap ({@code maxConcurrent}), or both.
 * A request over the limit waits up to {@code queueMillis} for room, then falls back (condition
 * {@code rate_limited}) or gets 429 with {@code Retry-After}.
 *
 * @param requestsPerSecond null for no rate limit, else {@code > 0} and at most 1e6
 * @param burst requests above the rate that may pass at once, {@code >= 0}; 0 without a rate
 * @param maxConcurrent null for no cap, else 1..1e6
 * @param queueMillis how long a request may wait for room, 0..60000
 */
public record RateLimitPolicy(Double requestsPerSecond, int burst, Integer maxConcurrent, long queueMillis) {
  public RateLimitPolicy {
    if (requestsPerSecond == null && maxConcurrent == null) {
      throw new IllegalArgumentException("at least one of requestsPerSecond and maxConcurrent must be set");
    }
    if (requestsPerSecond != null && !(requestsPerSecond > 0 && requestsPerSecond <= 1e6)) {
      throw new IllegalArgumentException("requestsPerSecond must be > 0 and <= 1000000 (was " + requestsPerSecond + ")");
    }
    if (burst < 0 || burst > 1_000_000) {
      throw new IllegalArgumentException("burst must be between 0 and 1000000 (was " + burst + ")");
    }
    if (maxConcurrent != null && (maxConcurrent < 1 || maxConcurrent > 1_000_000)) {
      throw new IllegalArgumentException("maxConcurrent must be between 1 and 1000000 (was " + maxConcurrent + ")");
    }
    if (queueMillis < 0 || queueMillis > 60_000) {
      throw new IllegalArgumentException("queueMillis must be between 0 and 60000 (was " + queueMillis + ")");
    }
  }
}
