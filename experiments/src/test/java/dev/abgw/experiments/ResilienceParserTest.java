package dev.abgw.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResilienceParserTest {

  private static String withResilience(String experimentLevel, String treatmentLevel) {
    return """
        {"id": "r", "status": "running", "route": {"pathPrefix": "/v1"}, "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:9001", "weight": 1},
                      {"name": "treatment", "upstream": "http://127.0.0.1:9002", "weight": 1%s}],
         "control": "control", "metrics": [{"name": "ok", "type": "binary", "direction": "increase"}]%s}
        """.formatted(treatmentLevel == null ? "" : ", \"resilience\": " + treatmentLevel,
        experimentLevel == null ? "" : ", \"resilience\": " + experimentLevel);
  }

  private static Experiment valid(String json) {
    ParseResult r = ExperimentParser.parse(json);
    assertThat(r).as("%s", r).isInstanceOf(ParseResult.Valid.class);
    return ((ParseResult.Valid) r).experiment();
  }

  private static List<String> errors(String json) {
    ParseResult r = ExperimentParser.parse(json);
    assertThat(r).isInstanceOf(ParseResult.Invalid.class);
    return ((ParseResult.Invalid) r).errors().stream().map(ValidationError::message).toList();
  }

  @Test
  void no_block_means_one_attempt_and_nothing_else() {
    Experiment e = valid(withResilience(null, null));
    assertThat(e.resilience().isNone()).isTrue();
    assertThat(e.resilience().forVariant("treatment")).isEqualTo(ResiliencePolicy.NONE);
    assertThat(ExperimentJson.toNode(e).path("resilience").isEmpty()).isTrue();
    assertThat(ExperimentJson.toNode(e).at("/variants/1").has("resilience")).isFalse();
  }

  @Test
  void fills_defaults_of_every_part() {
    Experiment e = valid(withResilience("""
        {"retry": {}, "fallback": {"to": "control"}, "rateLimit": {"requestsPerSecond": 5}, "circuitBreaker": {}}""", null));
    ResiliencePolicy p = e.resilience().forVariant("treatment");
    assertThat(p.retry()).isEqualTo(new RetryPolicy(3, RetryPolicy.DEFAULT_ON, 100, 2000, 5000, null));
    assertThat(p.fallback()).isEqualTo(new FallbackPolicy("control", null, FallbackPolicy.DEFAULT_ON));
    assertThat(p.rateLimit()).isEqualTo(new RateLimitPolicy(5.0, 0, null, 0));
    assertThat(p.circuitBreaker()).isEqualTo(new CircuitBreakerPolicy(0.5, 20, 10, 3, 30));
  }

  @Test
  void variant_overrides_replace_parts_and_null_turns_a_part_off() {
    Experiment e = valid(withResilience("""
        {"retry": {"maxAttempts": 2}, "fallback": {"to": "control", "on": ["connect", "circuit_open"]}}""", """
        {"retry": null, "fallback": {"to": {"status": 503, "body": {"error": "busy"}, "headers": {"Retry-After": "1"}}},
         "rateLimit": {"maxConcurrent": 4, "queueMillis": 50}}"""));
    ResiliencePolicy control = e.resilience().forVariant("control");
    assertThat(control.retry().maxAttempts()).isEqualTo(2);
    assertThat(control.fallback().on()).isEqualTo(Set.of(FailureCondition.CONNECT, FailureCondition.CIRCUIT_OPEN));
    ResiliencePolicy t = e.resilience().forVariant("treatment");
    assertThat(t.retry()).isNull();
    assertThat(t.maxAttempts()).isEqualTo(1);
    assertThat(t.fallback().toStatic()).isEqualTo(new StaticResponse(503, "{\"error\":\"busy\"}",
        java.util.Map.of("Retry-After", "1", "content-type", "application/json")));
    assertThat(t.rateLimit()).isEqualTo(new RateLimitPolicy(null, 0, 4, 50));
  }

  @Test
  void canonical_json_round_trips() {
    Experiment e = valid(withResilience("""
        {"retry": {"maxAttempts": 4, "on": ["timeout", "connect"], "deadlineMillis": 9000},
         "circuitBreaker": {"failureRate": 0.25, "windowRequests": 8, "minimumRequests": 4, "openSeconds": 1.5}}""", """
        {"circuitBreaker": null, "fallback": {"to": {"status": 200, "body": "sorry"}},
         "rateLimit": {"requestsPerSecond": 2.5, "burst": 3}}"""));
    Experiment again = valid(ExperimentJson.toJson(e));
    assertThat(again).isEqualTo(e);
    assertThat(ExperimentJson.toNode(e).at("/resilience/retry/on").toString()).isEqualTo("[\"connect\",\"timeout\"]");
    assertThat(ExperimentJson.toNode(e).at("/variants/1/resilience/circuitBreaker").isNull()).isTrue();
  }

  @Test
  void reports_every_mistake_with_its_pointer() {
    List<String> errors = errors(withResilience("""
        {"retry": {"maxAttempts": 0, "on": ["connect", "rate_limited", "often"], "backoffMillis": 500, "maxBackoffMillis": 100,
                   "deadlineMillis": 0},
         "fallback": {"to": "nobody"},
         "rateLimit": {"burst": 2},
         "circuitBreaker": {"failureRate": 1.5, "windowRequests": 5, "minimumRequests": 6, "openSeconds": 0},
         "bulkhead": {}}""", """
        {"retry": [], "fallback": {"to": {"status": 700, "body": 3}, "on": []}}"""));
    assertThat(errors).contains(
        "/resilience/retry/maxAttempts must be between 1 and 10 (was 0)",
        "/resilience/retry/on/1 must be one of connect, reset, timeout, status_429, status_5xx (was \"rate_limited\")"
            + " (rate_limited is the gateway's own refusal: only a fallback can act on it)",
        "/resilience/retry/on/2 must be one of connect, reset, timeout, status_429, status_5xx (was \"often\")",
        "/resilience/retry/deadlineMillis must be between 1 and 600000 (was 0)",
        "/resilience/fallback/to must name one of the variants [control, treatment] or be a static response object (was \"nobody\")",
        "/resilience/rateLimit/burst is only allowed with requestsPerSecond",
        "/resilience/rateLimit must set requestsPerSecond, maxConcurrent or both",
        "/resilience/circuitBreaker/failureRate must be > 0 and <= 1 (was 1.5)",
        "/resilience/circuitBreaker/openSeconds must be > 0 and <= 3600 (was 0)",
        "/variants/1/resilience/retry must be an object (was an array)",
        "/variants/1/resilience/fallback/to/status must be between 100 and 599 (was 700)",
        "/variants/1/resilience/fallback/to/body must be a string or a JSON object or array (was 3)",
        "/variants/1/resilience/fallback/on must list at least one condition (leave it out for the default)");
    assertThat(errors).anyMatch(m -> m.startsWith("/resilience/bulkhead is not a known field"));
    assertThat(errors).contains("/resilience/circuitBreaker/minimumRequests must be <= windowRequests (5) (was 6)");
  }

  @Test
  void max_backoff_below_backoff_is_refused() {
    assertThat(errors(withResilience("{\"retry\": {\"backoffMillis\": 500, \"maxBackoffMillis\": 100}}", null)))
        .containsExactly("/resilience/retry/maxBackoffMillis must be >= backoffMillis (500) (was 100)");
  }

  @Test
  void null_parts_are_only_allowed_in_a_variant() {
    assertThat(errors(withResilience("{\"retry\": null}", null)))
        .containsExactly("/resilience/retry must be an object (null turns a part off only in a variant's resilience)");
  }

  @Test
  void backoff_grows_exponentially_with_equal_jitter_up_to_the_cap() {
    RetryPolicy r = new RetryPolicy(5, RetryPolicy.DEFAULT_ON, 100, 300, 1000, null);
    assertThat(r.backoffMillis(1, 0.0)).isEqualTo(50);
    assertThat(r.backoffMillis(1, 0.999)).isEqualTo(100);
    assertThat(r.backoffMillis(2, 0.5)).isEqualTo(150);
    assertThat(r.backoffMillis(3, 0.0)).isEqualTo(150); // 400 capped at 300, half of it
    assertThat(r.backoffMillis(9, 1.0)).isEqualTo(300);
  }
}
