package dev.abgw.gateway.store;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** A page of raw events and the cursor after its last one (null when there are no more). */
public record EventPage(List<JsonObject> events, String next) {
  public EventPage {
    events = List.copyOf(events);
  }
}
