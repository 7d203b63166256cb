package dev.abgw.gateway.proxy.resilience;

import dev.abgw.experiments.RateLimitPolicy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Enforces one variant's {@link RateLimitPolicy}: first the concurrency cap, then the rate; together they
 * wait at most {@code queueMillis}, on timers of the request's event loop, never a blocked thread. The
 * returned permit must be released once when the exchange ends.
 */
final class VariantLimiter {
  /** Refusal: the request did not get room within the queue time. */
  static final class Refused extends RuntimeException {
    final long retryAfterMillis;

    Refused(long retryAfterMillis) {
      super("rate limited", null, false, false);
      this.retryAfterMillis = retryAfterMillis;
    }
  }

  /** A slot held; {@link #release()} is idempotent. */
  static final class Permit {
    private final ConcurrencyLimit limit;
    private boolean released;

    Permit(ConcurrencyLimit limit) {
      this.limit = limit;
    }

    void release() {
      if (released) return;
      released = true;
      if (limit != null) limit.release();
    }
  }

  private final RateLimitPolicy policy;
  private final TokenBucket bucket;
  private final ConcurrencyLimit concurrency;
  private final LongSupplier nanoClock;

  VariantLimiter(RateLimitPolicy policy, LongSupplier nanoClock) {
    this.policy = policy;
    this.nanoClock = nanoClock;
    this.bucket = policy.requestsPerSecond() == null ? null
        : new TokenBucket(policy.requestsPerSecond(), policy.burst(), nanoClock);
    this.concurrency = policy.maxConcurrent() == null ? null : new ConcurrencyLimit(policy.maxConcurrent());
  }

  Future<Permit> acquire(Context ctx) {
    long start = nanoClock.getAsLong();
    long queueNanos = TimeUnit.MILLISECONDS.toNanos(policy.queueMillis());
    if (concurrency == null || concurrency.tryAcquire()) {
      return rate(ctx, new Permit(concurrency), queueNanos);
    }
    if (queueNanos == 0) return Future.failedFuture(new Refused(1000));
    Promise<Permit> slot = Promise.promise();
    ConcurrencyLimit.Waiter[] waiter = new ConcurrencyLimit.Waiter[1];
    long timer = ctx.owner().setTimer(policy.queueMillis(), id -> {
      if (waiter[0].claim()) slot.tryFail(new Refused(1000));
    });
    waiter[0] = new ConcurrencyLimit.Waiter(() -> {
      ctx.owner().cancelTimer(timer);
      ctx.runOnContext(v -> slot.complete(new Permit(concurrency)));
    });
    concurrency.enqueue(waiter[0]);
    return slot.future().compose(p -> rate(ctx, p, Math.max(0, queueNanos - (nanoClock.getAsLong() - start))));
  }

  private Future<Permit> rate(Context ctx, Permit permit, long maxWaitNanos) {
    if (bucket == null) return Future.succeededFuture(permit);
    long wait = bucket.reserve(maxWaitNanos);
    if (wait == TokenBucket.REJECTED) {
      permit.release();
      return Future.failedFuture(new Refused(TimeUnit.NANOSECONDS.toMillis(bucket.nanosUntilFree())));
    }
    if (wait == 0) return Future.succeededFuture(permit);
    Promise<Permit> later = Promise.promise();
    ctx.owner().setTimer(Math.max(1, (wait + 999_999) / 1_000_000), id -> later.complete(permit));
    return later.future();
  }

  int inFlight() {
    return concurrency == null ? 0 : concurrency.inFlight();
  }
}
