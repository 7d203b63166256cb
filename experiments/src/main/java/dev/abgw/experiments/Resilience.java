package dev.abgw.experiments;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An experiment's {@code resilience}: the experiment-level policy and each variant's overrides. A variant's
 * {@code resilience} replaces the experiment's parts it names, part by part; a part set to JSON null is off for
 * that variant. {@link #none()} (no block anywhere) keeps today's behaviour.
 */
public record Resilience(ResiliencePolicy experiment, Map<String, Override> variants) {

  /** The four parts of a policy, with their JSON names. */
  public enum Part implements JsonEnum {
    RETRY("retry"), FALLBACK("fallback"), RATE_LIMIT("rateLimit"), CIRCUIT_BREAKER("circuitBreaker");

    private final String json;

    Part(String json) {
      this.json = json;
    }

    @java.lang.Override
    public String json() {
      return json;
    }
  }

  /** A variant's override: the parts it names ({@code parts}), with their values in {@code values} (null = off). */
  public record Override(Set<Part> parts, ResiliencePolicy values) {
    public Override {
      parts = parts.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(parts));
      Objects.requireNonNull(values, "values");
    }
  }

  private static final Resilience NONE = new Resilience(ResiliencePolicy.NONE, Map.of());

  public Resilience {
    experiment = experiment == null ? ResiliencePolicy.NONE : experiment;
    variants = variants == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variants));
  }

  public static Resilience none() {
    return NONE;
  }

  public boolean isNone() {
    return experiment.isNone() && variants.isEmpty();
  }

  /** The policy in force for {@code variant}: the experiment's, with the variant's overrides applied. */
  public ResiliencePolicy forVariant(String variant) {
    Override o = variants.get(variant);
    if (o == null) return experiment;
    ResiliencePolicy e = experiment;
    ResiliencePolicy v = o.values();
    Set<Part> p = o.parts();
    return new ResiliencePolicy(p.contains(Part.RETRY) ? v.retry() : e.retry(),
        p.contains(Part.FALLBACK) ? v.fallback() : e.fallback(),
        p.contains(Part.RATE_LIMIT) ? v.rateLimit() : e.rateLimit(),
        p.contains(Part.CIRCUIT_BREAKER) ? v.circuitBreaker() : e.circuitBreaker());
  }
}
