package dev.abgw.experiments;

import java.util.Optional;

/** Lifecycle of an experiment: only a {@code RUNNING} experiment splits traffic; every other status serves the control variant and counts nothing. */
public enum Status implements JsonEnum {
  DRAFT("draft"),
  RUNNING("running"),
  PAUSED("paused"),
  STOPPED("stopped");

  private final String json;

  Status(String json) {
    this.json = json;
  }

  @Override
  public String json() {
    return json;
  }

  /** The constant spelled {@code s} in the JSON format (exact, case-sensitive), if any. */
  public static Optional<Status> fromJson(String s) {
    return JsonEnum.fromJson(Status.class, s);
  }
}
