package dev.abgw.gateway.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's tracer. Off (a no-op, nothing exported, nothing allocated per request) unless the standard
 * OpenTelemetry environment asks for traces: {@code OTEL_TRACES_EXPORTER} (other than {@code none}) or an OTLP
 * endpoint ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}). Then the SDK is
 * built by OpenTelemetry's autoconfigure module from every {@code OTEL_*} variable (exporter, protocol, sampler,
 * resource, propagators), with defaults {@code service.name=abgw} and no metrics or logs export (metrics are on
 * {@code /metrics}). OTLP goes over HTTP ({@code http/protobuf}, the default here; gRPC is refused).
 */
public final class Tracing implements AutoCloseable {
  private static final Tracing OFF = new Tracing(null, OpenTelemetry.noop());

  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;
  private final TextMapPropagator propagator;

  private Tracing(OpenTelemetrySdk sdk, OpenTelemetry otel) {
    this.sdk = sdk;
    this.tracer = otel.getTracer("dev.abgw.gateway");
    this.propagator = otel.getPropagators().getTextMapPropagator();
  }

  public static Tracing off() {
    return OFF;
  }

  /**
   * From the process environment, as described above.
   *
   * @throws IllegalArgumentException when the {@code OTEL_*} settings cannot make an exporter (the message says why)
   */
  public static Tracing fromEnvironment() {
    return fromProperties(System.getenv());
  }

  /**
   * From {@code OTEL_*} names in {@code env} (tests pass their own; autoconfigure also reads the real environment
   * and system properties, which {@code env} overrides).
   */
  public static Tracing fromProperties(Map<String, String> env) {
    String exporter = env.get("OTEL_TRACES_EXPORTER");
    boolean wanted = (exporter != null && !exporter.isBlank() && !exporter.trim().equals("none"))
        || notBlank(env.get("OTEL_EXPORTER_OTLP_ENDPOINT")) || notBlank(env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
    if (!wanted || "true".equalsIgnoreCase(env.get("OTEL_SDK_DISABLED"))) return OFF;
    Map<String, String> props = new HashMap<>();
    props.put("otel.metrics.exporter", "none");
    props.put("otel.logs.exporter", "none");
    if (!notBlank(env.get("OTEL_SERVICE_NAME"))) props.put("otel.service.name", "abgw");
    // The exporter sends with the JDK's HTTP client, which speaks OTLP/HTTP only; the SDK's default would be gRPC.
    props.put("otel.exporter.otlp.protocol", "http/protobuf");
    for (String name : new String[] {"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"}) {
      String p = env.get(name);
      if (notBlank(p) && !p.trim().equals("http/protobuf")) {
        throw new IllegalArgumentException(name + " must be http/protobuf (was \"" + p + "\"): abgw exports OTLP over HTTP");
      }
    }
    env.forEach((k, v) -> {
      if (k.startsWith("OTEL_")) props.put(k.toLowerCase(java.util.Locale.ROOT).replace('_', '.'), v);
    });
    try {
      OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> props)
          .disableShutdownHook().build().getOpenTelemetrySdk();
      return new Tracing(sdk, sdk);
    } catch (RuntimeException e) {
      Throwable t = e;
      while (t.getCause() != null && t.getCause() != t) t = t.getCause();
      throw new IllegalArgumentException("OTEL_* settings: " + t.getMessage(), e);
    }
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  public boolean enabled() {
    return sdk != null;
  }

  Tracer tracer() {
    return tracer;
  }

  TextMapPropagator propagator() {
    return propagator;
  }

  /** Exports what is buffered and stops the exporter (at most 3 s, so an unreachable collector cannot hold up a shutdown). */
  @Override
  public void close() {
    if (sdk == null) return;
    CompletableResultCode done = sdk.shutdown();
    done.join(3, TimeUnit.SECONDS);
  }
}
