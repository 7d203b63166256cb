package dev.abgw.experiments;

import java.util.Optional;

/**
 * A measurement the proxy records for every exchange. {@code ERROR}, {@code FALLBACK} (something other than the
 * assigned variant served the answer) and {@code RATE_LIMITED} (an upstream 429 or the gateway's own limit) are
 * binary; {@code RETRIES} counts the retried attempts; the others are measurements.
 */
public enum ProxyField implements JsonEnum {
  LATENCY_MS("latencyMs"),
  TTFB_MS("ttfbMs"),
  ERROR("error"),
  PROMPT_TOKENS("promptTokens"),
  COMPLETION_TOKENS("completionTokens"),
  TOTAL_TOKENS("totalTokens"),
  FALLBACK("fallback"),
  RETRIES("retries"),
  RATE_LIMITED("rateLimited");

  private final String json;

  ProxyField(String json) {
    this.json = json;
  }

  @Override
  public String json() {
    return json;
  }

  /** The metric type this field can feed: {@code ERROR}, {@code FALLBACK}, {@code RATE_LIMITED} are 0/1, the rest measurements. */
  public MetricType metricType() {
    return this == ERROR || this == FALLBACK || this == RATE_LIMITED ? MetricType.BINARY : MetricType.CONTINUOUS;
  }

  /** The constant spelled {@code s} in the JSON format (exact, case-sensitive), if any. */
  public static Optional<ProxyField> fromJson(String s) {
    return JsonEnum.fromJson(ProxyField.class, s);
  }
}
