package dev.abgw.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Canonical JSON of {@link Resilience}, written into an experiment's canonical tree: {@code resilience} at the
 * top (an empty object when there is none: today's single attempt) and in each variant that overrides it,
 * every default spelled out.
 */
final class ResilienceJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ResilienceJson() {}

  static void write(Experiment e, ObjectNode experiment) {
    Resilience r = e.resilience();
    experiment.set("resilience", policy(r.experiment(), Set.of(Resilience.Part.values()), false));
    JsonNode variants = experiment.get("variants");
    for (int i = 0; i < e.variants().size(); i++) {
      Resilience.Override o = r.variants().get(e.variants().get(i).name());
      if (o != null) ((ObjectNode) variants.get(i)).set("resilience", policy(o.values(), o.parts(), true));
    }
  }

  /** The parts in {@code parts}; one whose value is null is written as null (off) with {@code nulls}, else left out. */
  private static ObjectNode policy(ResiliencePolicy p, Set<Resilience.Part> parts, boolean nulls) {
    ObjectNode o = F.objectNode();
    if (parts.contains(Resilience.Part.RETRY) && (p.retry() != null || nulls)) {
      o.set("retry", p.retry() == null ? F.nullNode() : retry(p.retry()));
    }
    if (parts.contains(Resilience.Part.FALLBACK) && (p.fallback() != null || nulls)) {
      o.set("fallback", p.fallback() == null ? F.nullNode() : fallback(p.fallback()));
    }
    if (parts.contains(Resilience.Part.RATE_LIMIT) && (p.rateLimit() != null || nulls)) {
      o.set("rateLimit", p.rateLimit() == null ? F.nullNode() : rateLimit(p.rateLimit()));
    }
    if (parts.contains(Resilience.Part.CIRCUIT_BREAKER) && (p.circuitBreaker() != null || nulls)) {
      o.set("circuitBreaker", p.circuitBreaker() == null ? F.nullNode() : breaker(p.circuitBreaker()));
    }
    return o;
  }

  private static ObjectNode retry(RetryPolicy r) {
    ObjectNode o = F.objectNode();
    o.put("maxAttempts", r.maxAttempts());
    o.set("on", conditions(r.on()));
    o.put("backoffMillis", r.backoffMillis());
    o.put("maxBackoffMillis", r.maxBackoffMillis());
    o.put("maxRetryAfterMillis", r.maxRetryAfterMillis());
    if (r.deadlineMillis() != null) o.put("deadlineMillis", r.deadlineMillis());
    return o;
  }

  private static ObjectNode fallback(FallbackPolicy f) {
    ObjectNode o = F.objectNode();
    if (f.toVariant() != null) {
      o.put("to", f.toVariant());
    } else {
      ObjectNode s = o.putObject("to");
      s.put("status", f.toStatic().status());
      s.put("body", f.toStatic().body());
      if (!f.toStatic().headers().isEmpty()) {
        ObjectNode h = s.putObject("headers");
        new java.util.TreeMap<>(f.toStatic().headers()).forEach(h::put);
      }
    }
    o.set("on", conditions(f.on()));
    return o;
  }

  private static ObjectNode rateLimit(RateLimitPolicy r) {
    ObjectNode o = F.objectNode();
    if (r.requestsPerSecond() != null) {
      o.set("requestsPerSecond", number(r.requestsPerSecond()));
      o.put("burst", r.burst());
    }
    if (r.maxConcurrent() != null) o.put("maxConcurrent", r.maxConcurrent());
    o.put("queueMillis", r.queueMillis());
    return o;
  }

  private static ObjectNode breaker(CircuitBreakerPolicy c) {
    ObjectNode o = F.objectNode();
    o.set("failureRate", number(c.failureRate()));
    o.put("windowRequests", c.windowRequests());
    o.put("minimumRequests", c.minimumRequests());
    o.put("halfOpenProbes", c.halfOpenProbes());
    o.set("openSeconds", number(c.openSeconds()));
    return o;
  }

  /** In declaration order, so equal sets write equal JSON. */
  private static ArrayNode conditions(Set<FailureCondition> on) {
    ArrayNode a = F.arrayNode();
    for (FailureCondition c : FailureCondition.values()) if (on.contains(c)) a.add(c.json());
    return a;
  }

  private static JsonNode number(double v) {
    return Numbers.isWhole(v) && Math.abs(v) < 0x1p53 ? F.numberNode((long) v) : F.numberNode(v);
  }
}
