package dev.abgw.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and checks {@code /resilience} and every {@code /variants/N/resilience}. Each part is optional;
 * a variant's part may be JSON null to turn the experiment's part off for it. {@code fallback.to} is a
 * variant name or a static response {@code {status, body, headers}}.
 */
final class ResilienceParser {

  private ResilienceParser() {}

  /** The experiment's resilience, {@link Resilience#none()} when absent, or null after reporting a mistake. */
  static Resilience resilience(ObjectReader root) {
    Problems problems = root.problems();
    int before = problems.count();
    List<String> names = variantNames(root.raw("variants"));
    ResiliencePolicy experiment = ResiliencePolicy.NONE;
    ObjectReader top = root.object("resilience", false);
    if (top != null) {
      Resilience.Override o = policy(top, names, false);
      experiment = o == null ? null : o.values();
    } else if (root.has("resilience")) {
      return null; // not an object, reported
    }
    Map<String, Resilience.Override> overrides = new LinkedHashMap<>();
    JsonNode variants = root.raw("variants");
    if (variants != null && variants.isArray()) {
      for (int i = 0; i < variants.size(); i++) {
        JsonNode v = variants.get(i);
        if (!v.isObject() || !v.has("resilience")) continue;
        String pointer = JsonPointers.child(JsonPointers.index(root.at("variants"), i), "resilience");
        ObjectReader r = ObjectReader.of(v.get("resilience"), pointer, problems);
        if (r == null) continue;
        Resilience.Override o = policy(r, names, true);
        if (o != null && v.path("name").isTextual()) overrides.put(v.path("name").textValue(), o);
      }
    }
    if (problems.count() != before) return null;
    return new Resilience(experiment, overrides);
  }

  private static List<String> variantNames(JsonNode variants) {
    List<String> names = new ArrayList<>();
    if (variants != null && variants.isArray()) {
      variants.forEach(v -> {
        if (v.path("name").isTextual()) names.add(v.path("name").textValue());
      });
    }
    return names;
  }

  /** One policy object; with {@code nullable} (variant level) a part may be JSON null, meaning off. */
  private static Resilience.Override policy(ObjectReader r, List<String> names, boolean nullable) {
    int before = r.problems().count();
    Set<Resilience.Part> parts = EnumSet.noneOf(Resilience.Part.class);
    RetryPolicy retry = null;
    FallbackPolicy fallback = null;
    RateLimitPolicy rateLimit = null;
    CircuitBreakerPolicy breaker = null;
    for (Resilience.Part part : Resilience.Part.values()) {
      JsonNode raw = r.raw(part.json());
      if (raw == null) continue;
      parts.add(part);
      if (raw.isNull() && nullable) continue;
      if (raw.isNull()) {
        r.problems().add(r.at(part.json()), "must be an object (null turns a part off only in a variant's resilience)");
        continue;
      }
      ObjectReader p = ObjectReader.of(raw, r.at(part.json()), r.problems());
      if (p == null) continue;
      switch (part) {
        case RETRY -> retry = retry(p);
        case FALLBACK -> fallback = fallback(p, names);
        case RATE_LIMIT -> rateLimit = rateLimit(p);
        case CIRCUIT_BREAKER -> breaker = breaker(p);
      }
    }
    r.rejectUnknown();
    if (r.problems().count() != before) return null;
    return new Resilience.Override(parts, new ResiliencePolicy(retry, fallback, rateLimit, breaker));
  }

  private static RetryPolicy retry(ObjectReader r) {
    int before = r.problems().count();
    long maxAttempts = whole(r, "maxAttempts", 3, 1, RetryPolicy.MAX_ATTEMPTS);
    Set<FailureCondition> on = conditions(r, RetryPolicy.DEFAULT_ON, true);
    long backoff = whole(r, "backoffMillis", RetryPolicy.DEFAULT_BACKOFF_MILLIS, 0, 60_000);
    long maxBackoff = whole(r, "maxBackoffMillis", Math.max(backoff, RetryPolicy.DEFAULT_MAX_BACKOFF_MILLIS), 0, 600_000);
    if (maxBackoff < backoff) {
      r.problems().add(r.at("maxBackoffMillis"), "must be >= backoffMillis (" + backoff + ") (was "
          + JsonValues.describe(r.raw("maxBackoffMillis")) + ")");
    }
    long maxRetryAfter = whole(r, "maxRetryAfterMillis", RetryPolicy.DEFAULT_MAX_RETRY_AFTER_MILLIS, 0, 600_000);
    Long deadline = r.has("deadlineMillis") ? whole(r, "deadlineMillis", 0, 1, Variant.MAX_TIMEOUT_MILLIS) : null;
    r.raw("deadlineMillis");
    r.rejectUnknown();
    if (r.problems().count() != before) return null;
    return new RetryPolicy((int) maxAttempts, on, backoff, maxBackoff, maxRetryAfter, deadline);
  }

  private static FallbackPolicy fallback(ObjectReader r, List<String> names) {
    int before = r.problems().count();
    JsonNode to = r.raw("to");
    String toVariant = null;
    StaticResponse toStatic = null;
    if (to == null) {
      r.problems().add(r.at("to"), "is required: a variant name or a static response {\"status\": 503, \"body\": \"...\"}");
    } else if (to.isTextual()) {
      toVariant = to.textValue();
      if (!names.contains(toVariant)) {
        r.problems().add(r.at("to"), "must name one of the variants " + names + " or be a static response object (was "
            + JsonValues.quote(toVariant) + ")");
      }
    } else if (to.isObject()) {
      toStatic = staticResponse(ObjectReader.of(to, r.at("to"), r.problems()));
    } else {
      r.problems().add(r.at("to"), "must be a variant name or a static response object (was " + JsonValues.describe(to) + ")");
    }
    Set<FailureCondition> on = conditions(r, FallbackPolicy.DEFAULT_ON, false);
    r.rejectUnknown();
    if (r.problems().count() != before) return null;
    return new FallbackPolicy(toVariant, toStatic, on);
  }

  private static StaticResponse staticResponse(ObjectReader r) {
    int before = r.problems().count();
    Long status = r.whole("status", true);
    if (status != null && (status < 100 || status > 599)) {
      r.problems().add(r.at("status"), "must be between 100 and 599 (was " + JsonValues.describe(r.raw("status")) + ")");
    }
    JsonNode rawBody = r.raw("body");
    String body = "";
    boolean jsonBody = false;
    if (rawBody != null) {
      if (rawBody.isTextual()) {
        body = rawBody.textValue();
      } else if (rawBody.isContainerNode()) {
        body = rawBody.toString();
        jsonBody = true;
      } else {
        r.problems().add(r.at("body"), "must be a string or a JSON object or array (was " + JsonValues.describe(rawBody) + ")");
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    ObjectReader h = r.object("headers", false);
    if (h != null) {
      JsonNode raw = r.raw("headers");
      raw.fieldNames().forEachRemaining(name -> {
        String value = h.string(name, true);
        if (!HttpTokens.isToken(name)) {
          r.problems().add(h.at(name), "is not a header name (letters, digits and !#$%&'*+-.^_`|~)");
        } else if (value != null) {
          headers.put(name, value);
        }
      });
    }
    if (jsonBody && headers.keySet().stream().noneMatch(n -> n.equalsIgnoreCase("content-type"))) {
      headers.put("content-type", "application/json");
    }
    r.rejectUnknown();
    if (r.problems().count() != before) return null;
    return new StaticResponse(status.intValue(), body, headers);
  }

  private static RateLimitPolicy rateLimit(ObjectReader r) {
    int before = r.problems().count();
    Double rps = r.number("requestsPerSecond", false);
    if (rps != null && !(rps > 0 && rps <= 1e6)) {
      r.problems().add(r.at("requestsPerSecond"), "must be > 0 and <= 1000000 (was "
          + JsonValues.describe(r.raw("requestsPerSecond")) + ")");
    }
    long burst = whole(r, "burst", 0, 0, 1_000_000);
    if (rps == null && r.has("burst")) {
      r.problems().add(r.at("burst"), "is only allowed with requestsPerSecond");
    }
    Long maxConcurrent = r.has("maxConcurrent") ? whole(r, "maxConcurrent", 1, 1, 1_000_000) : null;
    r.raw("maxConcurrent");
    long queue = whole(r, "queueMillis", 0, 0, 60_000);
    if (!r.has("requestsPerSecond") && !r.has("maxConcurrent")) {
      r.problems().add(r.pointer(), "must set requestsPerSecond, maxConcurrent or both");
    }
    r.rejectUnknown();
    if (r.problems().count() != before) return null;
    return new RateLimitPolicy(rps, (int) burst, maxConcurrent == null ? null : maxConcurrent.intValue(), queue);
  }

  private static CircuitBreakerPolicy breaker(ObjectReader r) {
    int before = r.problems().count();
    Double rate = r.number("failureRate", false);
    if (rate != null && !(rate > 0 && rate <= 1)) {
      r.problems().add(r.at("failureRate"), "must be > 0 and <= 1 (was " + JsonValues.describe(r.raw("failureRate")) + ")");
    }
    long window = whole(r, "windowRequests", CircuitBreakerPolicy.DEFAULT_WINDOW_REQUESTS, 1, 10_000);
    long minimum = whole(r, "minimumRequests", Math.min(window, CircuitBreakerPolicy.DEFAULT_MINIMUM_REQUESTS), 1, 10_000);
    if (minimum > window) {
      r.problems().add(r.at("minimumRequests"), "must be <= windowRequests (" + window + ") (was " + minimum + ")");
    }
    long probes = whole(r, "halfOpenProbes", CircuitBreakerPolicy.DEFAULT_HALF_OPEN_PROBES, 1, 100);
    Double open = r.number("openSeconds", false);
    if (open != null && !(open > 0 && open <= 3600)) {
      r.problems().add(r.at("openSeconds"), "must be > 0 and <= 3600 (was " + JsonValues.describe(r.raw("openSeconds")) + ")");
    }
    r.rejectUnknown();
    if (r.problems().count() != before) return null;
    return new CircuitBreakerPolicy(rate == null ? CircuitBreakerPolicy.DEFAULT_FAILURE_RATE : rate, (int) window,
        (int) minimum, (int) probes, open == null ? CircuitBreakerPolicy.DEFAULT_OPEN_SECONDS : open);
  }

  /** The listed conditions; {@code retryOnly} refuses the gateway's own refusals, which a retry cannot act on. */
  private static Set<FailureCondition> conditions(ObjectReader r, Set<FailureCondition> fallback, boolean retryOnly) {
    List<JsonNode> items = r.array("on", false);
    if (items == null) return fallback;
    List<FailureCondition> allowed = new ArrayList<>();
    for (FailureCondition c : FailureCondition.values()) if (!retryOnly || c.retryable()) allowed.add(c);
    List<String> spellings = allowed.stream().map(FailureCondition::json).toList();
    Set<FailureCondition> out = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      FailureCondition c = item.isTextual() ? FailureCondition.fromJson(item.textValue()).orElse(null) : null;
      if (c == null || !allowed.contains(c)) {
        String why = c != null ? " (" + c.json() + " is the gateway's own refusal: only a fallback can act on it)" : "";
        r.problems().add(JsonPointers.index(r.at("on"), i), "must be one of " + String.join(", ", spellings)
            + " (was " + JsonValues.describe(item) + ")" + why);
      } else if (!out.add(c)) {
        r.problems().add(JsonPointers.index(r.at("on"), i), "repeats " + c.json());
      }
    }
    if (items.isEmpty()) r.problems().add(r.at("on"), "must list at least one condition (leave it out for the default)");
    return out;
  }

  private static long whole(ObjectReader r, String field, long fallback, long min, long max) {
    Long v = r.whole(field, false);
    if (v == null) return fallback;
    if (v < min || v > max) {
      r.problems().add(r.at(field), "must be between " + min + " and " + max + " (was " + JsonValues.describe(r.raw(field)) + ")");
      return fallback;
    }
    return v;
  }
}
