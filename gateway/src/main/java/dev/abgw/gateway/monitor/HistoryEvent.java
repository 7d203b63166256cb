package dev.abgw.gateway.monitor;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One change of an experiment: when, who ({@code admin:TOKEN_ID}, {@code file}, {@code monitor}),
 * what, and the version of the definition it applied to or produced.
 *
 * @param variant the variant concerned (a rollback), else null
 * @param evidence what the monitor saw (metric, effect, bounds, units), else null
 */
public record HistoryEvent(String experiment, Instant at, String actor, HistoryAction action, String version,
                           String variant, JsonObject evidence) {

  public HistoryEvent {
    if (experiment == null || at == null || actor == null || action == null || version == null) {
      throw new IllegalArgumentException("history event needs experiment, time, actor, action and version");
    }
  }

  public JsonObject toJson() {
    JsonObject o = new JsonObject().put("experiment", experiment).put("at", at.toString()).put("actor", actor)
        .put("action", action.json()).put("version", version);
    if (variant != null) o.put("variant", variant);
    if (evidence != null) o.put("evidence", evidence.copy());
    return o;
  }

  /** The event written by {@link #toJson}; a line that is not one is an {@link IllegalArgumentException}. */
  public static HistoryEvent fromJson(String line) {
    JsonObject o = new JsonObject(line);
    HistoryAction action = HistoryAction.fromJson(o.getString("action"))
        .orElseThrow(() -> new IllegalArgumentException("unknown history action " + o.getString("action")));
    return new HistoryEvent(o.getString("experiment"), Instant.parse(o.getString("at")), o.getString("actor"), action,
        o.getString("version"), o.getString("variant"), o.getJsonObject("evidence"));
  }
}
