package dev.abgw.experiments;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How often and when the gateway tries a variant's upstream again, before any byte of the answer reached
 * the client. The wait before attempt {@code n + 1} is {@code Retry-After} when the upstream sent one (and it
 * is at most {@code maxRetryAfterMillis}; a longer one ends the retries), otherwise exponential with equal
 * jitter: {@code b = min(maxBackoffMillis, backoffMillis * 2^(n-1))}, wait uniform in {@code [b/2, b]}.
 *
 * @param maxAttempts attempts in all, the first included, 1..10
 * @param on the conditions that are retried; never {@code circuit_open} or {@code rate_limited}
 * @param backoffMillis base wait, 0..60000
 * @param maxBackoffMillis cap of the exponential wait, {@code >= backoffMillis}, at most 600000
 * @param maxRetryAfterMillis longest {@code Retry-After} that is waited for, 0..600000
 * @param deadlineMillis total time budget of all attempts and waits from the request's arrival, fallback
 *     included; null for none (each attempt is still bounded by the variant's {@code timeoutMillis})
 */
public record RetryPolicy(int maxAttempts, Set<FailureCondition> on, long backoffMillis, long maxBackoffMillis,
                          long maxRetryAfterMillis, Long deadlineMillis) {
  public static final int MAX_ATTEMPTS = 10;
  public static final Set<FailureCondition> DEFAULT_ON =
      Set.copyOf(EnumSet.of(FailureCondition.CONNECT, FailureCondition.STATUS_429, FailureCondition.STATUS_5XX));
  public static final long DEFAULT_BACKOFF_MILLIS = 100;
  public static final long DEFAULT_MAX_BACKOFF_MILLIS = 2_000;
  public static final long DEFAULT_MAX_RETRY_AFTER_MILLIS = 5_000;

  public RetryPolicy {
    on = Set.copyOf(Objects.requireNonNull(on, "on"));
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
      throw new IllegalArgumentException("maxAttempts must be between 1 and " + MAX_ATTEMPTS + " (was " + maxAttempts + ")");
    }
    for (FailureCondition c : on) {
      if (!c.retryable()) throw new IllegalArgumentException("on must not contain " + c.json() + ": only a fallback acts on it");
    }
    if (backoffMillis < 0 || backoffMillis > 60_000) {
      throw new IllegalArgumentException("backoffMillis must be between 0 and 60000 (was " + backoffMillis + ")");
    }
    if (maxBackoffMillis < backoffMillis || maxBackoffMillis > 600_000) {
      throw new IllegalArgumentException("maxBackoffMillis must be between backoffMillis (" + backoffMillis + ") and 600000 (was "
          + maxBackoffMillis + ")");
    }
    if (maxRetryAfterMillis < 0 || maxRetryAfterMillis > 600_000) {
      throw new IllegalArgumentException("maxRetryAfterMillis must be between 0 and 600000 (was " + maxRetryAfterMillis + ")");
    }
    if (deadlineMillis != null && (deadlineMillis < 1 || deadlineMillis > Variant.MAX_TIMEOUT_MILLIS)) {
      throw new IllegalArgumentException("deadlineMillis must be between 1 and " + Variant.MAX_TIMEOUT_MILLIS + " (was " + deadlineMillis + ")");
    }
  }

  /**
   * The exponential wait before attempt {@code attempt + 1} ({@code attempt >= 1}), given a uniform draw
   * {@code u} in [0, 1): {@code b/2 + u * b/2} with {@code b = min(maxBackoffMillis, backoffMillis * 2^(attempt-1))}.
   */
  public long backoffMillis(int attempt, double u) {
    double b = Math.min((double) maxBackoffMillis, backoffMillis * Math.pow(2, Math.max(0, attempt - 1)));
    return Math.round(b / 2 + u * b / 2);
  }
}
