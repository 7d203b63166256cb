package dev.abgw.gateway.proxy.resilience;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket as the generic cell rate algorithm (GCRA, ITU-T I.371): one request per emission interval
 * {@code T = 1 / requestsPerSecond}, with a tolerance of {@code burst * T}. A request at time {@code t} passes
 * when {@code t >= tat - burst * T}, and moves the theoretical arrival time to {@code max(tat, t) + T}. Over any
 * interval of length {@code d} at most {@code burst + 1 + floor(d / T)} pass: in a second, the rate plus the burst.
 * Lock-free (one compare-and-set per request), so every event loop can share one bucket.
 */
final class TokenBucket {
  static final long REJECTED = -1;

  private final long intervalNanos;
  private final long toleranceNanos;
  private final LongSupplier nanoClock;
  private final AtomicLong tat;

  TokenBucket(double requestsPerSecond, int burst, LongSupplier nanoClock) {
    this.intervalNanos = Math.max(1, Math.round(1e9 / requestsPerSecond));
    this.toleranceNanos = burst * intervalNanos;
    this.nanoClock = nanoClock;
    this.tat = new AtomicLong(nanoClock.getAsLong());
  }

  /**
   * Reserves the next slot: 0 when the request may go now, the nanoseconds to wait when its slot comes within
   * {@code maxWaitNanos} (the slot is then taken), or {@link #REJECTED} (nothing taken).
   */
  long reserve(long maxWaitNanos) {
    while (true) {
      long now = nanoClock.getAsLong();
      long t = tat.get();
      long wait = Math.max(0, t - toleranceNanos - now);
      if (wait > maxWaitNanos) return REJECTED;
      if (tat.compareAndSet(t, Math.max(t, now) + intervalNanos)) return wait;
    }
  }

  /** Nanoseconds until a request would pass, 0 if it would now. */
  long nanosUntilFree() {
    return Math.max(0, tat.get() - toleranceNanos - nanoClock.getAsLong());
  }
}
