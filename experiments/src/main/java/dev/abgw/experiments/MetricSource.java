package dev.abgw.experiments;

import java.util.Optional;

/** Where metric values come from: posted judgments (human or LLM-as-judge) or measurements the proxy takes itself. */
public enum MetricSource implements JsonEnum {
  JUDGMENT("judgment"),
  PROXY("proxy");

  private final String json;

  MetricSource(String json) {
    this.json = json;
  }

  @Override
  public String json() {
    return json;
  }

  /** The constant spelled {@code s} in the JSON format (exact, case-sensitive), if any. */
  public static Optional<MetricSource> fromJson(String s) {
    return JsonEnum.fromJson(MetricSource.class, s);
  }
}
