package dev.abgw.experiments;

import java.net.URI;

/**
 * Continuous monitoring of a running experiment's guardrails (experiment JSON {@code monitor}).
 *
 * @param intervalSeconds how often the guardrails are evaluated from the stored statistics, 1 to 86400
 * @param autoRollback whether a breached guardrail (or a sample ratio mismatch) stops the offending
 *     variant by itself: its units are served by control and no longer counted
 * @param webhook where each monitor event is POSTed as JSON, or {@code null}
 */
public record MonitorSpec(long intervalSeconds, boolean autoRollback, URI webhook) {

  public static final long DEFAULT_INTERVAL_SECONDS = 60;
  public static final long MAX_INTERVAL_SECONDS = 86_400;

  public MonitorSpec {
    if (intervalSeconds < 1 || intervalSeconds > MAX_INTERVAL_SECONDS) {
      throw new IllegalArgumentException("monitor.intervalSeconds must be between 1 and " + MAX_INTERVAL_SECONDS
          + " (was " + intervalSeconds + ")");
    }
    if (webhook != null) {
      String problem = Variant.upstreamProblem(webhook);
      if (problem != null) {
        throw new IllegalArgumentException("monitor.webhook " + problem + " (was " + webhook + ")");
      }
    }
  }

  /** {@code intervalSeconds} in milliseconds. */
  public long intervalMillis() {
    return intervalSeconds * 1000;
  }
}
