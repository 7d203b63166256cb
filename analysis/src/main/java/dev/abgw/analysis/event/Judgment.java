package dev.abgw.analysis.event;

import java.util.Map;

/**
 * A judgment as posted: which request, which metric, the value, and optional idempotency id, judge,
 * confidence, comment and segment tags. Validity against the experiment is checked by {@link JudgmentDecoder}.
 */
public record Judgment(String requestId, String metric, double value, String id, String judge, Double confidence,
                       String comment, Map<String, String> segments) {
  public Judgment {
    segments = segments == null ? Map.of() : Map.copyOf(segments);
  }
}
