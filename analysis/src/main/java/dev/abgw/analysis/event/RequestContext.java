package dev.abgw.analysis.event;

import java.util.Map;

/**
 * What a judgment needs to know about the request it judges: where it went, for which unit, when,
 * and the request-side segment values it was recorded under.
 */
public record RequestContext(String requestId, String experiment, String variant, String unit,
                             long timeMillis, Map<String, String> segments) {
  public RequestContext {
    segments = Map.copyOf(segments);
  }
}
