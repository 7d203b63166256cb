package dev.abgw.analysis.event;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The resilience fields of a request event ({@code docs/export-format.md}): {@code servedBy}, {@code attempts},
 * {@code upstreamStatus}, {@code retries}, {@code fallbackReason}, {@code rateLimited}, {@code noRetryReason}.
 * An event without them was served by its variant in one attempt.
 */
final class ServingJson {
  private ServingJson() {}

  static void write(Serving s, JsonObject event) {
    event.put("servedBy", s.servedBy()).put("attempts", s.attempts())
        .put("upstreamStatus", new JsonArray(new ArrayList<>(s.upstreamStatus()))).put("retries", s.retries())
        .put("fallbackReason", s.fallbackReason()).put("rateLimited", s.rateLimited());
    if (s.noRetryReason() != null) event.put("noRetryReason", s.noRetryReason());
  }

  static Serving read(JsonObject e) {
    if (!e.containsKey("attempts") && !e.containsKey("servedBy")) return null;
    List<Integer> statuses = new ArrayList<>();
    JsonArray a = e.getJsonArray("upstreamStatus");
    if (a != null) for (int i = 0; i < a.size(); i++) statuses.add(a.getInteger(i));
    return new Serving(e.getString("servedBy"), statuses, e.getInteger("retries", 0), e.getString("fallbackReason"),
        e.getBoolean("rateLimited", false), e.getString("noRetryReason"));
  }
}
