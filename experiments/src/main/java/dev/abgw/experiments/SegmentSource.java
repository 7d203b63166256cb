package dev.abgw.experiments;

import java.util.Optional;

/** Where a segment dimension takes its value: request header, query parameter, body JSON pointer, input length bucket, or a response attribute. */
public enum SegmentSource implements JsonEnum {
  HEADER("header"),
  QUERY("query"),
  BODY("body"),
  INPUT_LENGTH("inputLength"),
  RESPONSE("response");

  private final String json;

  SegmentSource(String json) {
    this.json = json;
  }

  @Override
  public String json() {
    return json;
  }

  /** The constant spelled {@code s} in the JSON format (exact, case-sensitive), if any. */
  public static Optional<SegmentSource> fromJson(String s) {
    return JsonEnum.fromJson(SegmentSource.class, s);
  }
}
