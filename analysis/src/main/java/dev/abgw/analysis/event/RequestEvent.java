package dev.abgw.analysis.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One proxied, counted request and what the proxy saw of it. */
public record RequestEvent(String experiment, String variant, String unit, String requestId, long timeMillis,
                           Map<String, String> segments, ProxyOutcome outcome) implements Event {
  public RequestEvent {
    // Keeps the order it was given: a decoded line re-encodes to the same bytes.
    segments = Collections.unmodifiableMap(new LinkedHashMap<>(segments));
    if (outcome == null) throw new IllegalArgumentException("outcome must not be null");
  }

  @Override
  public EventType type() {
    return EventType.REQUEST;
  }
}
