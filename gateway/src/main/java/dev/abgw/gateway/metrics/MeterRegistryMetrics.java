package dev.abgw.gateway.metrics;

import dev.abgw.gateway.build.BuildInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The meters kept by Micrometer's Prometheus registry: JVM (memory, GC, threads, classes) and process (CPU,
 * uptime, file descriptors) meters, {@code abgw_build_info}, in-flight and unmatched requests, the store's write
 * latency and the recorder's queue depth, and stored judgments by experiment, metric and judge. Nothing here is on
 * a per-request hot path but the two request meters, whose instances are created once and cached.
 */
final class MeterRegistryMetrics implements AutoCloseable {
  /** Distinct judge names kept as label values; later ones are counted as {@value #OTHER_JUDGE}. */
  static final int MAX_JUDGES = 50;
  static final String OTHER_JUDGE = "other";
  static final String NO_JUDGE = "none";

  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Counter noRoute;
  private final Counter defaultUpstream;
  private final Timer storeWrites;
  private final Map<String, Counter> judgments = new ConcurrentHashMap<>();
  private final Set<String> judges = ConcurrentHashMap.newKeySet();

  MeterRegistryMetrics(LongSupplier inFlight) {
    // Two of ProcessorMetrics' meters break Prometheus naming rules (promtool check metrics): a unit abbreviated in
    // the name (process_cpu_time_ns_total) and a gauge ending in _count (system_cpu_count).
    registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")
        || id.getName().equals("system.cpu.count")));
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    Gauge.builder("abgw.build.info", () -> 1).description("The running abgw build; the value is always 1.")
        .tag("version", BuildInfo.version()).tag("java_version", System.getProperty("java.version"))
        .register(registry);
    Gauge.builder("abgw.in.flight.requests", inFlight::getAsLong)
        .description("Proxied requests forwarded and not yet ended.").register(registry);
    noRoute = unmatched("no_route");
    defaultUpstream = unmatched("default_upstream");
    storeWrites = Timer.builder("abgw.store.write.duration")
        .description("Time the store took to acknowledge one batch of records.")
        .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(5))
        .register(registry);
  }

  private Counter unmatched(String outcome) {
    return Counter.builder("abgw.unmatched.requests").description("Requests that matched no experiment, by what became of them.")
        .tag("outcome", outcome).register(registry);
  }

  void recordUnmatched(boolean toDefaultUpstream) {
    (toDefaultUpstream ? defaultUpstream : noRoute).increment();
  }

  void recordStoreWrite(long nanos) {
    storeWrites.record(nanos, TimeUnit.NANOSECONDS);
  }

  void bindQueueDepth(LongSupplier depth) {
    Gauge.builder("abgw.recorder.queue.depth", depth::getAsLong)
        .description("Records queued for the store and not yet written.").register(registry);
  }

  void recordJudgmentStored(String experiment, String metric, String judge) {
    String j = judge == null || judge.isEmpty() ? NO_JUDGE
        : judges.contains(judge) || (judges.size() < MAX_JUDGES && judges.add(judge)) ? judge : OTHER_JUDGE;
    judgments.computeIfAbsent(experiment + '\u0000' + metric + '\u0000' + j, k -> Counter.builder("abgw.judgments.stored")
        .description("Judgments stored, by experiment, metric and judge (judges beyond the first " + MAX_JUDGES
            + " as \"" + OTHER_JUDGE + "\").")
        .tag("experiment", experiment).tag("metric", metric).tag("judge", j).register(registry)).increment();
  }

  String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
