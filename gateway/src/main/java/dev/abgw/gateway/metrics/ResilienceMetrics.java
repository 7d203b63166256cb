package dev.abgw.gateway.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Prometheus counters of the resilience layer, per experiment and variant: upstream attempts, retries,
 * fallbacks by reason, requests the gateway's own rate limit refused; and a gauge of each upstream's circuit
 * state, read from the live breakers when rendered.
 */
public final class ResilienceMetrics {
  /** One upstream's circuit, as the gauge shows it. */
  public record CircuitRow(String experiment, String upstream, String state) {}

  private static final List<String> STATES = List.of("closed", "open", "half_open");

  private final Map<String, LongAdder> attempts = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> fallbacks = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> rejections = new ConcurrentHashMap<>();
  private volatile Supplier<List<CircuitRow>> circuits = List::of;

  /** Where the circuit gauge reads its states from. */
  public void circuits(Supplier<List<CircuitRow>> source) {
    this.circuits = source;
  }

  /** One finished request's attempts; {@code fallbackReason} null without a fallback. */
  public void record(String experiment, String variant, int attemptCount, int retryCount, String fallbackReason,
                     boolean rejectedByRateLimit) {
    String labels = labels(experiment, variant);
    if (attemptCount > 0) attempts.computeIfAbsent(labels, k -> new LongAdder()).add(attemptCount);
    if (retryCount > 0) retries.computeIfAbsent(labels, k -> new LongAdder()).add(retryCount);
    if (fallbackReason != null) {
      fallbacks.computeIfAbsent(labels + ",reason=\"" + GatewayMetrics.escape(fallbackReason) + "\"", k -> new LongAdder())
          .increment();
    }
    if (rejectedByRateLimit) rejections.computeIfAbsent(labels, k -> new LongAdder()).increment();
  }

  /** Label strings by experiment and variant, escaped once: {@link #record} runs for every proxied request. */
  private final Map<String, Map<String, String>> labelCache = new ConcurrentHashMap<>();

  private String labels(String experiment, String variant) {
    if (experiment == null || variant == null) {
      return "experiment=\"" + GatewayMetrics.escape(experiment) + "\",variant=\"" + GatewayMetrics.escape(variant) + "\"";
    }
    Map<String, String> byVariant = labelCache.get(experiment);
    String labels = byVariant == null ? null : byVariant.get(variant);
    if (labels != null) return labels;
    return labelCache.computeIfAbsent(experiment, k -> new ConcurrentHashMap<>()).computeIfAbsent(variant,
        v -> "experiment=\"" + GatewayMetrics.escape(experiment) + "\",variant=\"" + GatewayMetrics.escape(v) + "\"");
  }

  void render(StringBuilder out) {
    counter(out, "abgw_upstream_attempts_total", "Upstream attempts (first tries, retries and fallbacks) by experiment and assigned variant.", attempts);
    counter(out, "abgw_retries_total", "Retried upstream attempts by experiment and assigned variant.", retries);
    counter(out, "abgw_fallbacks_total", "Requests served by a fallback, by experiment, assigned variant and reason.", fallbacks);
    counter(out, "abgw_rate_limit_rejections_total", "Requests the gateway's own rate limit refused, by experiment and variant.", rejections);
    out.append("# HELP abgw_circuit_state Circuit breaker state per experiment and upstream (1 for the current state).\n");
    out.append("# TYPE abgw_circuit_state gauge\n");
    for (CircuitRow c : circuits.get()) {
      for (String s : STATES) {
        out.append("abgw_circuit_state{experiment=\"").append(GatewayMetrics.escape(c.experiment())).append("\",upstream=\"")
            .append(GatewayMetrics.escape(c.upstream())).append("\",state=\"").append(s).append("\"} ")
            .append(s.equals(c.state()) ? 1 : 0).append('\n');
      }
    }
  }

  private static void counter(StringBuilder out, String name, String help, Map<String, LongAdder> values) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    new TreeMap<>(values).forEach((labels, n) -> out.append(name).append('{').append(labels).append("} ").append(n.sum()).append('\n'));
  }
}
