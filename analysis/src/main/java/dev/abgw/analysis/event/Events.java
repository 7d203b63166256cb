package dev.abgw.analysis.event;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The raw event formats, as stored in the event stream and exported as NDJSON
 * ({@code docs/export-format.md}). The offline {@code analyze} command reads exactly these.
 */
public final class Events {
  private Events() {}

  public static JsonObject request(String experiment, String variant, String unit, String requestId, long timeMillis,
                                   Map<String, String> segments, ProxyOutcome o) {
    JsonObject usage = null;
    if (o.promptTokens() != null || o.completionTokens() != null || o.totalTokens() != null) {
      usage = new JsonObject().put("promptTokens", o.promptTokens()).put("completionTokens", o.completionTokens())
          .put("totalTokens", o.totalTokens());
    }
    JsonObject event = new JsonObject().put("type", "request").put("experiment", experiment).put("variant", variant)
        .put("unit", unit).put("requestId", requestId).put("time", Instant.ofEpochMilli(timeMillis).toString())
        .put("status", o.status()).put("errorKind", o.errorKind()).put("latencyMs", o.latencyMillis())
        .put("ttfbMs", Double.isNaN(o.ttfbMillis()) ? null : o.ttfbMillis()).put("usage", usage)
        .put("finishReason", o.finishReason()).put("toolCalls", o.toolCalls())
        .put("segments", new JsonObject(new HashMap<>(segments)));
    if (o.serving() != null) ServingJson.write(o.serving(), event);
    return event;
  }

  public static JsonObject judgment(RequestContext ctx, Judgment j, Map<String, String> segments, long timeMillis) {
    return new JsonObject().put("type", "judgment").put("experiment", ctx.experiment()).put("variant", ctx.variant())
        .put("unit", ctx.unit()).put("requestId", ctx.requestId()).put("metric", j.metric()).put("value", j.value())
        .put("id", j.id()).put("judge", j.judge()).put("confidence", j.confidence()).put("comment", j.comment())
        .put("time", Instant.ofEpochMilli(timeMillis).toString())
        .put("segments", new JsonObject(new HashMap<>(segments)));
  }

  /** Reads back the outcome of a request event (for offline analysis). */
  public static ProxyOutcome outcome(JsonObject e) {
    JsonObject usage = e.getJsonObject("usage");
    Double ttfb = e.getDouble("ttfbMs");
    return new ProxyOutcome(e.getInteger("status", 0), e.getString("errorKind"), e.getDouble("latencyMs", 0.0),
        ttfb == null ? Double.NaN : ttfb,
        usage == null ? null : usage.getLong("promptTokens"), usage == null ? null : usage.getLong("completionTokens"),
        usage == null ? null : usage.getLong("totalTokens"), e.getString("finishReason"), e.getInteger("toolCalls", 0),
        ServingJson.read(e));
  }

  public static Map<String, String> segments(JsonObject e) {
    Map<String, String> out = new HashMap<>();
    JsonObject s = e.getJsonObject("segments");
    if (s != null) for (String k : s.fieldNames()) out.put(k, String.valueOf(s.getValue(k)));
    return out;
  }
}
