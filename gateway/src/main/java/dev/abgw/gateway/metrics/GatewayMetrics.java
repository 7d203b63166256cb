package dev.abgw.gateway.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Operational counters in Prometheus text format 0.0.4 ({@code GET /metrics} on the admin port):
 * requests, errors, latency, time to first byte and tokens per experiment and variant, judgments by result, and
 * the recorder's health, then the Micrometer meters of {@link MeterRegistryMetrics} (JVM, process, build info,
 * in-flight and unmatched requests, store writes, judgments by metric and judge). The proxy's per-request cost is two map lookups and a few {@link LongAdder} increments: label
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
  private final LongAdder clientSlow = new LongAdder();
  private final java.util.List<java.util.function.Supplier<String>> sections = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ResilienceMetrics resilience = new ResilienceMetrics();
  private final LongAdder storeWritten = new LongAdder();
  private final java.util.concurrent.atomic.AtomicLong inFlight = new java.util.concurrent.atomic.AtomicLong();
  private final MeterRegistryMetrics meters = new MeterRegistryMetrics(inFlight::get);

  private static final class VariantMetrics {
    final String labels;
    final LongAdder[] byStatusClass = new LongAdder[STATUS_CLASSES.length];
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final LongAdder[] buckets = new LongAdder[BUCKETS.length + 1];
    final DoubleAdder sumSeconds = new DoubleAdder();
    final LongAdder[] firstByteBuckets = new LongAdder[BUCKETS.length + 1];
    final DoubleAdder firstByteSumSeconds = new DoubleAdder();
    final LongAdder promptTokens = new LongAdder();
    final LongAdder completionTokens = new LongAdder();

    VariantMetrics(String experiment, String variant) {
      labels = "experiment=\"" + escape(experiment) + "\",variant=\"" + escape(variant) + "\"";
      for (int i = 0; i < byStatusClass.length; i++) byStatusClass[i] = new LongAdder();
      for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
      for (int i = 0; i < firstByteBuckets.length; i++) firstByteBuckets[i] = new LongAdder();
    }
  }

  private VariantMetrics variant(String experiment, String variant) {
    // Called several times per proxied request: two plain gets when the cell exists (no capturing lambda).
    Map<String, VariantMetrics> byVariant = variants.get(experiment);
    VariantMetrics m = byVariant == null ? null : byVariant.get(variant);
    if (m != null) return m;
    return variants.computeIfAbsent(experiment, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(variant, v -> new VariantMetrics(experiment, v));
  }

  /** Time to the answer's first byte (NaN: no byte came, nothing is recorded). */
  public void recordFirstByte(String experiment, String variant, double ttfbMillis) {
    if (Double.isNaN(ttfbMillis)) return;
    VariantMetrics m = variant(experiment, variant);
    double seconds = ttfbMillis / 1000.0;
    m.firstByteBuckets[bucket(seconds)].increment();
    m.firstByteSumSeconds.add(seconds);
  }

  /** Tokens the upstream reported in its usage (null: not reported). */
  public void recordTokens(String experiment, String variant, Long prompt, Long completion) {
    if (prompt == null && completion == null) return;
    VariantMetrics m = variant(experiment, variant);
    if (prompt != null) m.promptTokens.add(prompt);
    if (completion != null) m.completionTokens.add(completion);
  }

  /** A request matched no experiment: answered 404, or sent to the default upstream. */
  public void recordUnmatched(boolean toDefaultUpstream) {
    meters.recordUnmatched(toDefaultUpstream);
  }

  /** Stored judgments by experiment, metric and judge (null judge: none given). */
  public void recordJudgmentStored(String experiment, String metric, String judge) {
    meters.recordJudgmentStored(experiment, metric, judge);
  }

  /** The recorder's queue, read when {@code /metrics} is rendered. */
  public void bindQueueDepth(java.util.function.LongSupplier depth) {
    meters.bindQueueDepth(depth);
  }

  /** Releases the JVM listeners of the registry (GC notifications). */
  public void close() {
    meters.close();
  }

  private static int bucket(double seconds) {
    int bucket = 0;
    while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]) bucket++;
    return bucket;
  }

  public void recordRequest(String experiment, String variant, int status, String errorKind, double latencyMillis) {
    VariantMetrics m = variant(experiment, variant);
    m.byStatusClass[status >= 100 && status < 600 ? status / 100 : 0].increment();
    if (errorKind != null) m.errors.computeIfAbsent(errorKind, k -> new LongAdder()).increment();
    double seconds = latencyMillis / 1000.0;
    m.buckets[bucket(seconds)].increment();
    m.sumSeconds.add(seconds);
  }

  /** Counters of retries, fallbacks, rate limiting and circuit states. */
  public ResilienceMetrics resilience() {
    return resilience;
  }

  public void recordJudgment(String result) {
    judgments.computeIfAbsent("result=\"" + result + "\"", k -> new LongAdder()).increment();
  }

  public void recordDropped() {
    dropped.increment();
  }

  /** A client that did not finish its request body in time (answered 408; not an upstream error). */
  public void recordClientSlow() {
    clientSlow.increment();
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

  /** {@code records} were acknowledged by the store in one batch that took {@code nanos}. */
  public void recordStoreWrite(int records, long nanos) {
    storeWritten.add(records);
    meters.recordStoreWrite(nanos);
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
    histogram(out, "abgw_request_duration_seconds", "Total proxied request latency.", all, m -> m.buckets, m -> m.sumSeconds);
    histogram(out, "abgw_time_to_first_byte_seconds", "Time from the request to the first byte of the upstream's answer.",
        all, m -> m.firstByteBuckets, m -> m.firstByteSumSeconds);
    header(out, "abgw_tokens_total", "Tokens reported in the upstream's usage, by experiment, variant and type.");
    all.forEach((labels, m) -> {
      if (m.promptTokens.sum() > 0) out.append("abgw_tokens_total{").append(labels).append(",type=\"prompt\"} ")
          .append(m.promptTokens.sum()).append('\n');
      if (m.completionTokens.sum() > 0) out.append("abgw_tokens_total{").append(labels).append(",type=\"completion\"} ")
          .append(m.completionTokens.sum()).append('\n');
    });
    header(out, "abgw_records_dropped_total", "Records dropped because the store fell behind.");
    out.append("abgw_records_dropped_total ").append(dropped.sum()).append('\n');
    header(out, "abgw_store_failures_total", "Records whose write to the store failed.");
    out.append("abgw_store_failures_total ").append(storeFailures.sum()).append('\n');
    header(out, "abgw_client_slow_total", "Requests answered 408 because the client did not finish its body in time.");
    out.append("abgw_client_slow_total ").append(clientSlow.sum()).append('\n');
    sections.forEach(section -> out.append(section.get()));
    resilience.render(out);
    out.append(meters.scrape());
    return out.toString();
  }

  /** Adds exposition text rendered by another component (the guardrail monitor) after the gateway's own. */
  public void addSection(java.util.function.Supplier<String> section) {
    sections.add(section);
  }

  private static void histogram(StringBuilder out, String name, String help, Map<String, VariantMetrics> all,
                                java.util.function.Function<VariantMetrics, LongAdder[]> buckets,
                                java.util.function.Function<VariantMetrics, DoubleAdder> sum) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" histogram\n");
    all.forEach((labels, m) -> {
      LongAdder[] b = buckets.apply(m);
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += b[i].sum();
        out.append(name).append("_bucket{").append(labels).append(",le=\"").append(BUCKETS[i]).append("\"} ")
            .append(cumulative).append('\n');
      }
      cumulative += b[BUCKETS.length].sum();
      out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(cumulative).append('\n');
      out.append(name).append("_sum{").append(labels).append("} ").append(sum.apply(m).sum()).append('\n');
      out.append(name).append("_count{").append(labels).append("} ").append(cumulative).append('\n');
    });
  }

  private static void header(StringBuilder out, String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(name.endsWith("_total") ? "counter" : "gauge").append('\n');
  }
}
