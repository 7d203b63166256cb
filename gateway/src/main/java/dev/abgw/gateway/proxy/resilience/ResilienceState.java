package dev.abgw.gateway.proxy.resilience;

import dev.abgw.experiments.CircuitBreakerPolicy;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.RateLimitPolicy;
import dev.abgw.experiments.Variant;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live resilience state of one served experiment, shared by every event loop: a rate limiter per
 * variant with a {@code rateLimit}, and a circuit breaker per distinct upstream URL whose variants have a
 * {@code circuitBreaker} (the first such variant's settings, in declaration order, when several share one).
 * It survives a redefinition that leaves the resilience block and the upstreams unchanged.
 *
 * <p>Circuit breakers are resilience4j's: a count-based sliding window, driven only through the non-blocking
 * {@code tryAcquirePermission} / {@code onSuccess} / {@code onError}; open to half-open happens on the first
 * request after {@code openSeconds}, so the breaker starts no thread of its own.
 */
public final class ResilienceState {
  private final Experiment experiment;
  private final Map<String, VariantLimiter> limiters = new LinkedHashMap<>();
  private final Map<String, CircuitBreaker> breakersByUpstream = new LinkedHashMap<>();
  private final Map<String, List<String>> variantsByUpstream = new LinkedHashMap<>();

  public ResilienceState(Experiment e) {
    this.experiment = e;
    for (Variant v : e.variants()) {
      var policy = e.resilience().forVariant(v.name());
      RateLimitPolicy rl = policy.rateLimit();
      if (rl != null) limiters.put(v.name(), new VariantLimiter(rl, System::nanoTime));
      CircuitBreakerPolicy cb = policy.circuitBreaker();
      String upstream = v.upstream().toString();
      variantsByUpstream.computeIfAbsent(upstream, k -> new ArrayList<>()).add(v.name());
      if (cb != null && !breakersByUpstream.containsKey(upstream)) {
        breakersByUpstream.put(upstream, CircuitBreaker.of(e.id() + " " + upstream, config(cb)));
      }
    }
  }

  /** The state to keep for {@code next}: this one when nothing it depends on changed, else a fresh one. */
  public ResilienceState carriedTo(Experiment next) {
    boolean same = next.resilience().equals(experiment.resilience())
        && next.variants().stream().map(Variant::upstream).toList()
            .equals(experiment.variants().stream().map(Variant::upstream).toList())
        && next.variants().stream().map(Variant::name).toList()
            .equals(experiment.variants().stream().map(Variant::name).toList());
    return same ? this : new ResilienceState(next);
  }

  static CircuitBreakerConfig config(CircuitBreakerPolicy p) {
    return CircuitBreakerConfig.custom()
        .failureRateThreshold((float) (p.failureRate() * 100))
        .slidingWindow(p.windowRequests(), p.minimumRequests(), CircuitBreakerConfig.SlidingWindowType.COUNT_BASED,
            CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
        .permittedNumberOfCallsInHalfOpenState(p.halfOpenProbes())
        .waitDurationInOpenState(Duration.ofMillis(Math.round(p.openSeconds() * 1000)))
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .recordExceptions(Throwable.class)
        .build();
  }

  VariantLimiter limiter(String variant) {
    return limiters.get(variant);
  }

  /** The breaker guarding {@code v}'s upstream, or null when none does. */
  CircuitBreaker breaker(Variant v) {
    return breakersByUpstream.get(v.upstream().toString());
  }

  /** One upstream's breaker, for the admin API and metrics. */
  public record Circuit(String upstream, List<String> variants, String state, float failureRate, int bufferedCalls) {}

  /** Every breaker's current state: {@code closed}, {@code open}, {@code half_open}. */
  public List<Circuit> circuits() {
    List<Circuit> out = new ArrayList<>();
    breakersByUpstream.forEach((upstream, cb) -> out.add(new Circuit(upstream, variantsByUpstream.get(upstream),
        state(cb), cb.getMetrics().getFailureRate(), cb.getMetrics().getNumberOfBufferedCalls())));
    return out;
  }

  static String state(CircuitBreaker cb) {
    return switch (cb.getState()) {
      case CLOSED -> "closed";
      case OPEN -> "open";
      case HALF_OPEN -> "half_open";
      default -> cb.getState().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
