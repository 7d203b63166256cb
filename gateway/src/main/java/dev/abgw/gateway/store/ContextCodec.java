package dev.abgw.gateway.store;

import dev.abgw.analysis.event.RequestContext;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** JSON form of a {@link RequestContext}, shared by both stores so they persist the same thing. */
final class ContextCodec {
  private ContextCodec() {}

  static JsonObject encode(RequestContext c) {
    return new JsonObject().put("requestId", c.requestId()).put("experiment", c.experiment())
        .put("variant", c.variant()).put("unit", c.unit()).put("time", c.timeMillis())
        .put("segments", new JsonObject(new HashMap<>(c.segments())));
  }

  static RequestContext decode(JsonObject j) {
    Map<String, String> segments = new HashMap<>();
    JsonObject s = j.getJsonObject("segments", new JsonObject());
    for (String k : s.fieldNames()) segments.put(k, s.getString(k));
    return new RequestContext(j.getString("requestId"), j.getString("experiment"), j.getString("variant"),
        j.getString("unit"), j.getLong("time"), segments);
  }
}
