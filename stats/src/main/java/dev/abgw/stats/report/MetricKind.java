package dev.abgw.stats.report;

/**
 * Kind of metric value: {@code BINARY} for 0/1 values (errors, thumbs-up), analysed as a
 * proportion when every unit has one observation; {@code CONTINUOUS} for real values (latency,
 * tokens, judgment scores).
 */
public enum MetricKind {
  BINARY, CONTINUOUS
}
