package dev.abgw.gateway.proxy.resilience;

import dev.abgw.analysis.event.Serving;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.FailureCondition;
import dev.abgw.experiments.FallbackPolicy;
import dev.abgw.experiments.ResiliencePolicy;
import dev.abgw.experiments.RetryPolicy;
import dev.abgw.experiments.Variant;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientResponse;
import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The attempts behind one counted request, under its variant's {@link ResiliencePolicy}: the rate limit,
 * the circuit breaker, retries with backoff, then the fallback. Every decision is taken before any byte of
 * an answer goes to the client (an answer to be retried is discarded unseen), so a response that started
 * streaming is never retried. Waits are event-loop timers. Runs on the request's event loop.
 *
 * <p>A request body can be sent again only when the proxy buffered it ({@code replayable}); otherwise there is
 * one attempt, no fallback to another variant, and the event's {@code noRetryReason} says {@code body_not_buffered}.
 */
public final class AttemptLoop {
  /** Sends the request once to {@code upstream}, waiting at most {@code timeoutMillis} for the answer's head. */
  public interface Sender {
    Future<HttpClientResponse> send(URI upstream, long timeoutMillis);
  }

  /** An upstream's 5xx, recorded as a failure by its circuit breaker. */
  private static final class UpstreamStatus extends RuntimeException {
    UpstreamStatus(int status) {
      super("upstream answered " + status, null, false, false);
    }
  }

  private final Context ctx;
  private final Experiment experiment;
  private final Variant assigned;
  private final ResiliencePolicy policy;
  private final ResilienceState state;
  private final boolean replayable;
  private final long startNanos;
  private final Sender sender;

  private final List<Integer> statuses = new ArrayList<>(2);
  private int retries;
  private String fallbackReason;
  private boolean rateLimited;
  private boolean rejectedByRateLimit;
  private String noRetryReason;
  private String servedBy;
  private VariantLimiter.Permit permit;
  private volatile boolean cancelled;
  private boolean released;

  public AttemptLoop(Context ctx, Experiment experiment, Variant assigned, ResilienceState state, boolean replayable,
                     long startNanos, Sender sender) {
    this.ctx = ctx;
    this.experiment = experiment;
    this.assigned = assigned;
    this.policy = experiment.resilience().forVariant(assigned.name());
    this.state = state;
    this.replayable = replayable;
    this.startNanos = startNanos;
    this.sender = sender;
  }

  public Future<AttemptResult> run() {
    VariantLimiter limiter = state == null ? null : state.limiter(assigned.name());
    if (limiter == null) return attempt(1);
    return limiter.acquire(ctx).transform(ar -> {
      if (ar.succeeded()) {
        permit = ar.result();
        if (released || cancelled) {
          // The exchange ended while this request waited in the queue: hand the slot straight back.
          permit.release();
          return Future.failedFuture("client closed");
        }
        return attempt(1);
      }
      rateLimited = true;
      rejectedByRateLimit = true;
      long retryAfter = ar.cause() instanceof VariantLimiter.Refused r ? r.retryAfterMillis : 1000;
      return fallbackOr(FailureCondition.RATE_LIMITED, () -> new AttemptResult.Refused(429, "rate_limited",
          "variant " + assigned.name() + " of experiment " + experiment.id() + " is over its rate limit", retryAfter));
    });
  }

  /** Stops further attempts (the client went away). */
  public void cancel() {
    cancelled = true;
  }

  /** Gives back the rate-limit slot; call once the exchange is over. */
  public void release() {
    released = true;
    if (permit != null) permit.release();
  }

  private Future<AttemptResult> attempt(int n) {
    if (cancelled) return Future.failedFuture("client closed");
    CircuitBreaker cb = state == null ? null : state.breaker(assigned);
    if (cb != null && !cb.tryAcquirePermission()) {
      return fallbackOr(FailureCondition.CIRCUIT_OPEN, () -> circuitOpen(assigned, cb));
    }
    if (n > 1) retries++;
    long timeout = timeoutFor(assigned);
    long t0 = System.nanoTime();
    return sender.send(assigned.upstream(), timeout).transform(ar -> {
      if (ar.succeeded()) {
        HttpClientResponse r = ar.result();
        int s = r.statusCode();
        seen(cb, t0, s, null);
        FailureCondition cond = s == 429 ? FailureCondition.STATUS_429 : s >= 500 ? FailureCondition.STATUS_5XX : null;
        if (cond == null) return answer(r, assigned);
        Long wait = retryWait(cond, n, r.getHeader("retry-after"));
        if (wait != null) {
          discard(r);
          return retryAfter(wait, n);
        }
        if (canFallBack(cond)) {
          discard(r);
          return fallBack(cond);
        }
        return answer(r, assigned);
      }
      Throwable err = ar.cause();
      seen(cb, t0, 0, err);
      FailureCondition cond = classify(err);
      Long wait = retryWait(cond, n, null);
      if (wait != null) return retryAfter(wait, n);
      if (canFallBack(cond)) return fallBack(cond);
      return Future.succeededFuture(new AttemptResult.Failure(err, assigned.name(), assigned.upstream(), timeout));
    });
  }

  private void seen(CircuitBreaker cb, long t0, int status, Throwable err) {
    statuses.add(status);
    if (status == 429) rateLimited = true;
    if (cb == null) return;
    long nanos = System.nanoTime() - t0;
    if (err != null) cb.onError(nanos, TimeUnit.NANOSECONDS, err);
    else if (status >= 500) cb.onError(nanos, TimeUnit.NANOSECONDS, new UpstreamStatus(status));
    else cb.onSuccess(nanos, TimeUnit.NANOSECONDS);
  }

  private Future<AttemptResult> retryAfter(long waitMillis, int n) {
    if (waitMillis <= 0) return attempt(n + 1);
    Promise<AttemptResult> p = Promise.promise();
    ctx.owner().setTimer(waitMillis, id -> attempt(n + 1).onComplete(p));
    return p.future();
  }

  /** The wait before attempt {@code n + 1}, or null when {@code cond} after attempt {@code n} is not retried. */
  private Long retryWait(FailureCondition cond, int n, String retryAfterHeader) {
    RetryPolicy r = policy.retry();
    if (r == null || !r.on().contains(cond) || n >= r.maxAttempts()) return null;
    if (!replayable) {
      noRetryReason = "body_not_buffered";
      return null;
    }
    long wait;
    Long ra = RetryAfter.millis(retryAfterHeader, System.currentTimeMillis());
    if (ra != null) {
      if (ra > r.maxRetryAfterMillis()) {
        noRetryReason = "retry_after_too_long";
        return null;
      }
      wait = ra;
    } else {
      wait = r.backoffMillis(n, ThreadLocalRandom.current().nextDouble());
    }
    if (r.deadlineMillis() != null && elapsedMillis() + wait >= r.deadlineMillis()) {
      noRetryReason = "deadline";
      return null;
    }
    return wait;
  }

  private boolean canFallBack(FailureCondition cond) {
    FallbackPolicy f = policy.fallback();
    if (f == null || !f.on().contains(cond)) return false;
    if (f.toStatic() != null) return true;
    if (f.toVariant().equals(assigned.name())) return false;
    if (!replayable) {
      noRetryReason = "body_not_buffered";
      return false;
    }
    return timeoutFor(experiment.variant(f.toVariant()).orElseThrow()) > 0;
  }

  private Future<AttemptResult> fallbackOr(FailureCondition cond, Supplier<AttemptResult> otherwise) {
    return canFallBack(cond) ? fallBack(cond) : Future.succeededFuture(otherwise.get());
  }

  private Future<AttemptResult> fallBack(FailureCondition cond) {
    fallbackReason = cond.json();
    FallbackPolicy f = policy.fallback();
    if (f.toStatic() != null) {
      servedBy = Serving.STATIC;
      return Future.succeededFuture(new AttemptResult.Static(f.toStatic()));
    }
    if (cancelled) return Future.failedFuture("client closed");
    Variant target = experiment.variant(f.toVariant()).orElseThrow();
    CircuitBreaker cb = state == null ? null : state.breaker(target);
    if (cb != null && !cb.tryAcquirePermission()) {
      return Future.succeededFuture(circuitOpen(target, cb));
    }
    long timeout = timeoutFor(target);
    long t0 = System.nanoTime();
    return sender.send(target.upstream(), timeout).transform(ar -> {
      if (ar.succeeded()) {
        seen(cb, t0, ar.result().statusCode(), null);
        return answer(ar.result(), target);
      }
      seen(cb, t0, 0, ar.cause());
      return Future.succeededFuture(new AttemptResult.Failure(ar.cause(), target.name(), target.upstream(), timeout));
    });
  }

  private AttemptResult circuitOpen(Variant v, CircuitBreaker cb) {
    long openMillis = Math.round(policyOpenSeconds(v) * 1000);
    return new AttemptResult.Refused(503, "circuit_open", "the circuit of variant " + v.name() + "'s upstream ("
        + v.upstream() + ") is " + ResilienceState.state(cb) + " after repeated failures", openMillis);
  }

  private double policyOpenSeconds(Variant v) {
    var cb = experiment.resilience().forVariant(v.name()).circuitBreaker();
    return cb == null ? 1 : cb.openSeconds();
  }

  private Future<AttemptResult> answer(HttpClientResponse r, Variant by) {
    servedBy = by.name();
    return Future.succeededFuture(new AttemptResult.Answer(r, by.name()));
  }

  /** The variant's timeout, cut to what is left of the deadline (0 or less: none left). */
  private long timeoutFor(Variant v) {
    RetryPolicy r = policy.retry();
    if (r == null || r.deadlineMillis() == null) return v.timeoutMillis();
    return Math.min(v.timeoutMillis(), r.deadlineMillis() - (long) elapsedMillis());
  }

  private double elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  private static void discard(HttpClientResponse r) {
    r.request().reset();
  }

  static FailureCondition classify(Throwable err) {
    // The same order as the proxy's error kinds: a connect timeout is a timeout.
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) return FailureCondition.TIMEOUT;
    }
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) return FailureCondition.CONNECT;
    }
    return FailureCondition.RESET;
  }

  /** What the event records about the attempts; {@code servedBy} is null when nothing answered. */
  public Serving serving() {
    return new Serving(servedBy, statuses, retries, fallbackReason, rateLimited, noRetryReason);
  }

  public String servedBy() {
    return servedBy;
  }

  public int attempts() {
    return statuses.size();
  }

  public String fallbackReason() {
    return fallbackReason;
  }

  public int retries() {
    return retries;
  }

  /** The variant's rate limit refused the request (it then fell back or got 429). */
  public boolean rejectedByRateLimit() {
    return rejectedByRateLimit;
  }
}
