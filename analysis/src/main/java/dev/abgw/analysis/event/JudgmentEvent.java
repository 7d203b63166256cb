package dev.abgw.analysis.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stored judgment of a recorded request: the request's experiment, variant and unit, the metric and
 * value, the optional fields as posted, and the request's segments plus the judgment's own tags.
 */
public record JudgmentEvent(String experiment, String variant, String unit, String requestId, String metric,
                            double value, String id, String judge, Double confidence, String comment,
                            long timeMillis, Map<String, String> segments) implements Event {
  public JudgmentEvent {
    // Keeps the order it was given: a decoded line re-encodes to the same bytes.
    segments = Collections.unmodifiableMap(new LinkedHashMap<>(segments));
    if (metric == null || metric.isEmpty()) throw new IllegalArgumentException("metric must be non-empty");
    if (!Double.isFinite(value)) throw new IllegalArgumentException("value must be finite (was " + value + ")");
  }

  /** The event of judgment {@code j} of the request {@code ctx}, stored at {@code timeMillis}. */
  public static JudgmentEvent of(RequestContext ctx, Judgment j, Map<String, String> segments, long timeMillis) {
    return new JudgmentEvent(ctx.experiment(), ctx.variant(), ctx.unit(), ctx.requestId(), j.metric(), j.value(),
        j.id(), j.judge(), j.confidence(), j.comment(), timeMillis, segments);
  }

  @Override
  public EventType type() {
    return EventType.JUDGMENT;
  }
}
