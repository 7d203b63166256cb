package dev.abgw.experiments;

import java.util.Optional;

/** Where the randomization unit id (user, session, conversation) is read from on a request. */
public enum UnitSource implements JsonEnum {
  HEADER("header"),
  COOKIE("cookie"),
  BODY("body");

  private final String json;

  UnitSource(String json) {
    this.json = json;
  }

  @Override
  public String json() {
    return json;
  }

  /** The constant spelled {@code s} in the JSON format (exact, case-sensitive), if any. */
  public static Optional<UnitSource> fromJson(String s) {
    return JsonEnum.fromJson(UnitSource.class, s);
  }
}
