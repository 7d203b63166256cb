package dev.abgw.experiments;

import java.util.Optional;

/** Which way a metric should move for the treatment to count as better. */
public enum Direction implements JsonEnum {
  INCREASE("increase"),
  DECREASE("decrease");

  private final String json;

  Direction(String json) {
    this.json = json;
  }

  @Override
  public String json() {
    return json;
  }

  /** The constant spelled {@code s} in the JSON format (exact, case-sensitive), if any. */
  public static Optional<Direction> fromJson(String s) {
    return JsonEnum.fromJson(Direction.class, s);
  }
}
