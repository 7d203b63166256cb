package dev.abgw.experiments;

import java.util.Optional;

/**
 * Lifecycle of an experiment: only a {@code RUNNING} experiment splits traffic and counts. {@code PAUSED} and
 * {@code STOPPED} keep the route and serve every unit the control variant. {@code DRAFT} and {@code ARCHIVED} do
 * not take their route at all ({@link #routed()}); an archived experiment's recorded data stays readable.
 */
public enum Status implements JsonEnum {
  DRAFT("draft"),
  RUNNING("running"),
  PAUSED("paused"),
  STOPPED("stopped"),
  ARCHIVED("archived");

  private final String json;

  Status(String json) {
    this.json = json;
  }

  @Override
  public String json() {
    return json;
  }

  /** Whether the gateway takes this experiment's route: false for drafts and archived experiments. */
  public boolean routed() {
    return this != DRAFT && this != ARCHIVED;
  }

  /** The constant spelled {@code s} in the JSON format (exact, case-sensitive), if any. */
  public static Optional<Status> fromJson(String s) {
    return JsonEnum.fromJson(Status.class, s);
  }
}
