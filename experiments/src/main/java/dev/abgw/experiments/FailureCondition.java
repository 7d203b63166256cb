package dev.abgw.experiments;

import java.util.Optional;

/**
 * Why an attempt at an upstream did not give a usable answer, as named in {@code resilience.retry.on} and
 * {@code resilience.fallback.on}. The first five describe one attempt; {@code CIRCUIT_OPEN} and
 * {@code RATE_LIMITED} are the gateway's own refusals, so only a fallback can act on them.
 */
public enum FailureCondition implements JsonEnum {
  CONNECT("connect"),
  RESET("reset"),
  TIMEOUT("timeout"),
  STATUS_429("status_429"),
  STATUS_5XX("status_5xx"),
  CIRCUIT_OPEN("circuit_open"),
  RATE_LIMITED("rate_limited");

  private final String json;

  FailureCondition(String json) {
    this.json = json;
  }

  @Override
  public String json() {
    return json;
  }

  /** Whether a retry can act on this condition (the gateway's own refusals cannot be retried away). */
  public boolean retryable() {
    return this != CIRCUIT_OPEN && this != RATE_LIMITED;
  }

  public static Optional<FailureCondition> fromJson(String s) {
    return JsonEnum.fromJson(FailureCondition.class, s);
  }
}
