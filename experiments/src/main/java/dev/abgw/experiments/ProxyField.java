package dev.abgw.experiments;

import java.util.Optional;

/** A measurement the proxy records for every exchange; {@code ERROR} is binary, the others continuous. */
public enum ProxyField implements JsonEnum {
  LATENCY_MS("latencyMs"),
  TTFB_MS("ttfbMs"),
  ERROR("error"),
  PROMPT_TOKENS("promptTokens"),
  COMPLETION_TOKENS("completionTokens"),
  TOTAL_TOKENS("totalTokens");

  private final String json;

  ProxyField(String json) {
    this.json = json;
  }

  @Override
  public String json() {
    return json;
  }

  /** The metric type this field can feed: {@code ERROR} is 0/1, every other field a measurement. */
  public MetricType metricType() {
    return this == ERROR ? MetricType.BINARY : MetricType.CONTINUOUS;
  }

  /** The constant spelled {@code s} in the JSON format (exact, case-sensitive), if any. */
  public static Optional<ProxyField> fromJson(String s) {
    return JsonEnum.fromJson(ProxyField.class, s);
  }
}
