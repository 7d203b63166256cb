package dev.abgw.experiments;

import java.util.Optional;

/** Shape of a metric value: {@code BINARY} takes 0 or 1, {@code CONTINUOUS} any finite number (within optional bounds). */
public enum MetricType implements JsonEnum {
  BINARY("binary"),
  CONTINUOUS("continuous");

  private final String json;

  MetricType(String json) {
    this.json = json;
  }

  @Override
  public String json() {
    return json;
  }

  /** The constant spelled {@code s} in the JSON format (exact, case-sensitive), if any. */
  public static Optional<MetricType> fromJson(String s) {
    return JsonEnum.fromJson(MetricType.class, s);
  }
}
