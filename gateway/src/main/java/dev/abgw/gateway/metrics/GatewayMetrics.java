package dev.abgw.gateway.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Operational counters in Prometheus text format 0.0.4 ({@code GET /metrics} on the admin port):
 * requests, errors and latency per experiment and variant, judgments by result, and the recorder's
 * health. Recording is lock-free ({@link LongAdder}) so it costs the proxy next to nothing.
 */
public final class GatewayMetrics {
  /** Upper bounds of the latency buckets, in seconds. */
  static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> judgments = new ConcurrentHashMap<>();
  private final Map<String, Latency> latency = new ConcurrentHashMap<>();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder storeFailures = new LongAdder();

  private static final class Latency {
    final LongAdder[] buckets = new LongAdder[BUCKETS.length];
    final LongAdder count = new LongAdder();
    final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

    Latency() {
      for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    }
  }

  public void recordRequest(String experiment, String variant, int status, String errorKind, double latencyMillis) {
    String ev = labels(experiment, variant);
    requests.computeIfAbsent(ev + ",status_class=\"" + statusClass(status) + "\"", k -> new LongAdder()).increment();
    if (errorKind != null) {
      errors.computeIfAbsent(ev + ",kind=\"" + errorKind + "\"", k -> new LongAdder()).increment();
    }
    Latency l = latency.computeIfAbsent(ev, k -> new Latency());
    double seconds = latencyMillis / 1000.0;
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) l.buckets[i].increment();
    }
    l.count.increment();
    l.sum.add(seconds);
  }

  public void recordJudgment(String result) {
    judgments.computeIfAbsent("result=\"" + result + "\"", k -> new LongAdder()).increment();
  }

  public void recordDropped() {
    dropped.increment();
  }

  public void recordStoreFailure(int records) {
    storeFailures.add(records);
  }

  private static String statusClass(int status) {
    return status <= 0 ? "none" : (status / 100) + "xx";
  }

  private static String labels(String experiment, String variant) {
    return "experiment=\"" + escape(experiment) + "\",variant=\"" + escape(variant) + "\"";
  }

  static String escape(String v) {
    return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** The exposition text. */
  public String render() {
    StringBuilder out = new StringBuilder(4096);
    counter(out, "abgw_requests_total", "Proxied requests by experiment, variant and status class.", requests);
    counter(out, "abgw_upstream_errors_total", "Error outcomes by experiment, variant and kind.", errors);
    counter(out, "abgw_judgments_total", "Posted judgments by result.", judgments);
    out.append("# HELP abgw_request_duration_seconds Total proxied request latency.\n");
    out.append("# TYPE abgw_request_duration_seconds histogram\n");
    new TreeMap<>(latency).forEach((labels, l) -> {
      for (int i = 0; i < BUCKETS.length; i++) {
        out.append("abgw_request_duration_seconds_bucket{").append(labels).append(",le=\"").append(BUCKETS[i])
            .append("\"} ").append(l.buckets[i].sum()).append('\n');
      }
      out.append("abgw_request_duration_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ")
          .append(l.count.sum()).append('\n');
      out.append("abgw_request_duration_seconds_sum{").append(labels).append("} ").append(l.sum.sum()).append('\n');
      out.append("abgw_request_duration_seconds_count{").append(labels).append("} ").append(l.count.sum()).append('\n');
    });
    single(out, "abgw_records_dropped_total", "Records dropped because the store fell behind.", dropped.sum());
    single(out, "abgw_store_failures_total", "Records whose write to the store failed.", storeFailures.sum());
    return out.toString();
  }

  private static void counter(StringBuilder out, String name, String help, Map<String, LongAdder> values) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    new TreeMap<>(values).forEach((labels, v) -> out.append(name).append('{').append(labels).append("} ")
        .append(v.sum()).append('\n'));
  }

  private static void single(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    out.append(name).append(' ').append(value).append('\n');
  }
}
