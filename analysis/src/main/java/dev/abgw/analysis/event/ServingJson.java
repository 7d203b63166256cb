package dev.abgw.analysis.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resilience fields of a request event ({@code docs/export-format.md}): {@code servedBy}, {@code attempts},
 * {@code upstreamStatus}, {@code retries}, {@code fallbackReason}, {@code rateLimited}, {@code noRetryReason}.
 * They follow {@code segments} and are written only when the event has them; an event without them was served
 * by its variant in one attempt.
 */
final class ServingJson {
  private ServingJson() {}

  static void write(Serving s, Map<String, Object> event) {
    event.put("servedBy", s.servedBy());
    event.put("attempts", s.attempts());
    event.put("upstreamStatus", new ArrayList<>(s.upstreamStatus()));
    event.put("retries", s.retries());
    event.put("fallbackReason", s.fallbackReason());
    event.put("rateLimited", s.rateLimited());
    if (s.noRetryReason() != null) event.put("noRetryReason", s.noRetryReason());
  }

  static Serving read(JsonNode e) {
    if (!e.has("attempts") && !e.has("servedBy")) return null;
    List<Integer> statuses = new ArrayList<>();
    JsonNode a = e.get("upstreamStatus");
    if (a != null && a.isArray()) a.forEach(x -> statuses.add(x.asInt()));
    return new Serving(text(e, "servedBy"), statuses, e.path("retries").asInt(0), text(e, "fallbackReason"),
        e.path("rateLimited").asBoolean(false), text(e, "noRetryReason"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
