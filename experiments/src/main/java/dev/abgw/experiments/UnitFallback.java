package dev.abgw.experiments;

import java.util.Optional;

/** What to do with a request that carries no unit id: use the request id as the unit, serve control without counting, or reject with 400. */
public enum UnitFallback implements JsonEnum {
  REQUEST("request"),
  CONTROL("control"),
  REJECT("reject");

  private final String json;

  UnitFallback(String json) {
    this.json = json;
  }

  @Override
  public String json() {
    return json;
  }

  /** The constant spelled {@code s} in the JSON format (exact, case-sensitive), if any. */
  public static Optional<UnitFallback> fromJson(String s) {
    return JsonEnum.fromJson(UnitFallback.class, s);
  }
}
