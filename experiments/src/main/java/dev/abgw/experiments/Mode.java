package dev.abgw.experiments;

import java.util.Optional;

/** Analysis mode: a fixed-horizon test read once at the end, or an always-valid sequential test that may be read at any time. */
public enum Mode implements JsonEnum {
  FIXED("fixed"),
  SEQUENTIAL("sequential");

  private final String json;

  Mode(String json) {
    this.json = json;
  }

  @Override
  public String json() {
    return json;
  }

  /** The constant spelled {@code s} in the JSON format (exact, case-sensitive), if any. */
  public static Optional<Mode> fromJson(String s) {
    return JsonEnum.fromJson(Mode.class, s);
  }
}
