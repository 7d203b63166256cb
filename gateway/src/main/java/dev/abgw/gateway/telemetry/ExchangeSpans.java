package dev.abgw.gateway.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The spans of one proxied exchange: a server span that continues the client's {@code traceparent} (or starts a
 * trace), and a client span per upstream attempt, whose context is what the upstream receives in
 * {@code traceparent}. Attributes: experiment, variant, the unit's hash (never the unit id), status, error kind,
 * tokens. With tracing off every method does nothing.
 */
public final class ExchangeSpans {
  static final AttributeKey<String> EXPERIMENT = AttributeKey.stringKey("abgw.experiment");
  static final AttributeKey<String> VARIANT = AttributeKey.stringKey("abgw.variant");
  static final AttributeKey<String> UNIT_HASH = AttributeKey.stringKey("abgw.unit_hash");
  static final AttributeKey<String> ERROR_KIND = AttributeKey.stringKey("abgw.error_kind");
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("abgw.request_id");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");

  private static final TextMapGetter<HttpServerRequest> FROM_REQUEST = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(HttpServerRequest req) {
      return req.headers().names();
    }

    @Override
    public String get(HttpServerRequest req, String key) {
      return req == null ? null : req.getHeader(key);
    }
  };
  private static final TextMapSetter<MultiMap> TO_HEADERS = (headers, key, value) -> {
    if (headers != null) headers.set(key, value);
  };

  private final Tracing tracing;
  private final Span server;
  private Span attempt;

  /** Tracing off: one shared instance whose methods return at once, so the proxy allocates nothing for spans. */
  private static final ExchangeSpans NONE = new ExchangeSpans(null, null);

  private ExchangeSpans(Tracing tracing, Span server) {
    this.tracing = tracing;
    this.server = server;
  }

  /** Starts the server span of {@code req}. */
  public static ExchangeSpans start(Tracing tracing, HttpServerRequest req, String requestId) {
    if (!tracing.enabled()) return NONE;
    Context parent = tracing.propagator().extract(Context.root(), req, FROM_REQUEST);
    Span server = tracing.tracer().spanBuilder(req.method().name() + " " + req.path()).setSpanKind(SpanKind.SERVER)
        .setParent(parent).setAttribute("http.request.method", req.method().name()).setAttribute("url.path", req.path())
        .setAttribute(REQUEST_ID, requestId).startSpan();
    return new ExchangeSpans(tracing, server);
  }

  /** Starts the client span of an upstream attempt and writes its {@code traceparent} into {@code upstreamHeaders}. */
  public void attempt(URI upstream, MultiMap upstreamHeaders) {
    if (server == null) return;
    // A retry or a fallback: the attempt before it has failed, so its span ends here, marked as an error.
    if (attempt != null) {
      attempt.setStatus(StatusCode.ERROR, "retried");
      attempt.end();
    }
    attempt = tracing.tracer().spanBuilder(upstreamHeaders == null ? "upstream" : "upstream " + upstream.getHost())
        .setSpanKind(SpanKind.CLIENT).setParent(Context.root().with(server))
        .setAttribute("server.address", upstream.getHost())
        .setAttribute("server.port", (long) (upstream.getPort() > 0 ? upstream.getPort() : 80)).startSpan();
    tracing.propagator().inject(Context.root().with(attempt), upstreamHeaders, TO_HEADERS);
  }

  /** Ends the attempt and the server span with what the exchange came to. */
  public void end(String experiment, String variant, String unit, int status, String errorKind, Long inputTokens,
                  Long outputTokens) {
    if (server == null) return;
    for (Span s : attempt == null ? new Span[] {server} : new Span[] {attempt, server}) {
      if (experiment != null) s.setAttribute(EXPERIMENT, experiment);
      if (variant != null) s.setAttribute(VARIANT, variant);
      if (status > 0) s.setAttribute(STATUS, (long) status);
      if (errorKind != null) {
        s.setAttribute(ERROR_KIND, errorKind);
        s.setStatus(StatusCode.ERROR, errorKind);
      }
    }
    if (unit != null && !unit.isEmpty()) server.setAttribute(UNIT_HASH, unitHash(unit));
    if (inputTokens != null) server.setAttribute(INPUT_TOKENS, inputTokens);
    if (outputTokens != null) server.setAttribute(OUTPUT_TOKENS, outputTokens);
    if (attempt != null) attempt.end();
    server.end();
  }

  /** The first 16 hex digits of SHA-256 of the unit id: joins spans of one unit without revealing it. */
  public static String unitHash(String unit) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(unit.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
