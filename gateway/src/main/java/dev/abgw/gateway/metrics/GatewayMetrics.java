package dev.abgw.gateway.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Operational counters in Prometheus text format 0.0.4 ({@code GET /metrics} on the admin port):
 * requests, errors and latency per experiment and variant, judgments by result, and the recorder's
 * health. The proxy's per-request cost is two map lookups and a few {@link LongAdder} increments: label
 * strings are built once per (experiment, variant), and latency goes to one bucket, made cumulative when
 * rendered.
 */
public final class GatewayMetrics {
  /** Upper bounds of the latency buckets, in seconds. */
  static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  private static final String[] STATUS_CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};

  private final Map<String, Map<String, VariantMetrics>> variants = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> judgments = new ConcurrentHashMap<>();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder storeFailures = new LongAdder();
  private final LongAdder storeWritten = new LongAdder();
  private final java.util.concurrent.atomic.AtomicLong inFlight = new java.util.concurrent.atomic.AtomicLong();

  private static final class VariantMetrics {
    final String labels;
    final LongAdder[] byStatusClass = new LongAdder[STATUS_CLASSES.length];
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final LongAdder[] buckets = new LongAdder[BUCKETS.length + 1];
    final DoubleAdder sumSeconds = new DoubleAdder();

    VariantMetrics(String experiment, String variant) {
      labels = "experiment=\"" + escape(experiment) + "\",variant=\"" + escape(variant) + "\"";
      for (int i = 0; i < byStatusClass.length; i++) byStatusClass[i] = new LongAdder();
      for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    }
  }

  public void recordRequest(String experiment, String variant, int status, String errorKind, double latencyMillis) {
    VariantMetrics m = variants.computeIfAbsent(experiment, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(variant, v -> new VariantMetrics(experiment, v));
    m.byStatusClass[status >= 100 && status < 600 ? status / 100 : 0].increment();
    if (errorKind != null) m.errors.computeIfAbsent(errorKind, k -> new LongAdder()).increment();
    double seconds = latencyMillis / 1000.0;
    int bucket = 0;
    while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]) bucket++;
    m.buckets[bucket].increment();
    m.sumSeconds.add(seconds);
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

  /** A forwarded exchange began; {@link #exchangeEnded} is called exactly once for it. */
  public void exchangeStarted() {
    inFlight.incrementAndGet();
  }

  public void exchangeEnded() {
    inFlight.decrementAndGet();
  }

  /** Forwarded exchanges not yet ended. */
  public long inFlight() {
    return inFlight.get();
  }

  /** {@code records} were acknowledged by the store in one batch. */
  public void recordStoreWrite(int records) {
    storeWritten.add(records);
  }

  public long storeWritten() {
    return storeWritten.sum();
  }

  public long dropped() {
    return dropped.sum();
  }

  public long storeFailures() {
    return storeFailures.sum();
  }

  static String escape(String v) {
    return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** The exposition text. */
  public String render() {
    Map<String, VariantMetrics> all = new TreeMap<>();
    variants.values().forEach(byVariant -> byVariant.values().forEach(m -> all.put(m.labels, m)));
    StringBuilder out = new StringBuilder(4096);
    header(out, "abgw_requests_total", "Proxied requests by experiment, variant and status class.");
    all.forEach((labels, m) -> {
      for (int i = 0; i < STATUS_CLASSES.length; i++) {
        long n = m.byStatusClass[i].sum();
        if (n > 0) out.append("abgw_requests_total{").append(labels).append(",status_class=\"").append(STATUS_CLASSES[i])
            .append("\"} ").append(n).append('\n');
      }
    });
    header(out, "abgw_upstream_errors_total", "Error outcomes by experiment, variant and kind.");
    all.forEach((labels, m) -> new TreeMap<>(m.errors).forEach((kind, n) -> out.append("abgw_upstream_errors_total{")
        .append(labels).append(",kind=\"").append(kind).append("\"} ").append(n.sum()).append('\n')));
    header(out, "abgw_judgments_total", "Posted judgments by result.");
    new TreeMap<>(judgments).forEach((labels, n) -> out.append("abgw_judgments_total{").append(labels).append("} ")
        .append(n.sum()).append('\n'));
    out.append("# HELP abgw_request_duration_seconds Total proxied request latency.\n");
    out.append("# TYPE abgw_request_duration_seconds histogram\n");
    all.forEach((labels, m) -> {
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += m.buckets[i].sum();
        out.append("abgw_request_duration_seconds_bucket{").append(labels).append(",le=\"").append(BUCKETS[i])
            .append("\"} ").append(cumulative).append('\n');
      }
      cumulative += m.buckets[BUCKETS.length].sum();
      out.append("abgw_request_duration_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ").append(cumulative).append('\n');
      out.append("abgw_request_duration_seconds_sum{").append(labels).append("} ").append(m.sumSeconds.sum()).append('\n');
      out.append("abgw_request_duration_seconds_count{").append(labels).append("} ").append(cumulative).append('\n');
    });
    header(out, "abgw_records_dropped_total", "Records dropped because the store fell behind.");
    out.append("abgw_records_dropped_total ").append(dropped.sum()).append('\n');
    header(out, "abgw_store_failures_total", "Records whose write to the store failed.");
    out.append("abgw_store_failures_total ").append(storeFailures.sum()).append('\n');
    return out.toString();
  }

  private static void header(StringBuilder out, String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(name.endsWith("_total") ? "counter" : "gauge").append('\n');
  }
}
