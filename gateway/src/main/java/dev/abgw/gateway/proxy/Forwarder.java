package dev.abgw.gateway.proxy;

import dev.abgw.analysis.event.ErrorKind;
import dev.abgw.analysis.event.ProxyOutcome;
import dev.abgw.experiments.ResponseView;
import dev.abgw.experiments.SegmentExtractor;
import dev.abgw.gateway.http.ApiErrors;
import dev.abgw.gateway.log.AccessLog;
import dev.abgw.gateway.telemetry.ExchangeSpans;
import dev.abgw.gateway.telemetry.Tracing;
import dev.abgw.gateway.log.AccessLog;
import dev.abgw.gateway.telemetry.ExchangeSpans;
import dev.abgw.gateway.telemetry.Tracing;
import dev.abgw.gateway.registry.ExperimentRegistry;
import dev.abgw.gateway.metrics.GatewayMetrics;
import dev.abgw.gateway.proxy.resilience.AttemptLoop;
import dev.abgw.gateway.proxy.resilience.AttemptResult;
import dev.abgw.gateway.record.Recorder;
import dev.abgw.analysis.event.RequestContext;
import dev.abgw.gateway.store.SafeText;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The proxy's back half: forward one request to its upstream and stream the answer back, then record
 * the outcome exactly once. Response bytes are relayed as they arrive (SSE events are not held back)
 * with backpressure both ways; the upstream connection pool is the shared {@link HttpClient}'s.
 *
 * <p>Failures map to HTTP as a gateway should: connection refused or reset before any answer is 502,
 * no answer within the variant's timeout is 504, both with the JSON error body; after the head was sent
 * the only honest signal left is to reset the client's stream.
 */
final class Forwarder {
  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "x-request-id", Forced.VARIANT_HEADER, Forced.TOKEN_HEADER, EdgeGuard.CL_AND_TE,
          "forwarded", "x-forwarded-for");

  /** Everything the back half needs about one request. {@code entry} is null for unmatched traffic. */
  record Call(HttpServerRequest req, String requestId, long startNanos, long startMillis,
              ExperimentRegistry.Entry entry, String variant, String unit, URI upstream, long timeoutMillis,
              Buffer body, boolean counted, Map<String, String> segments) {}

  private final io.vertx.core.Vertx vertx;
  private final HttpClient client;
  private final Recorder recorder;
  private final GatewayMetrics metrics;
  private final ProxySettings settings;

  private final Tracing tracing;

  Forwarder(io.vertx.core.Vertx vertx, HttpClient client, Recorder recorder, GatewayMetrics metrics,
            ProxySettings settings) {
    this.vertx = vertx;
    this.tracing = settings.tracing();
    this.client = client;
    this.recorder = recorder;
    this.metrics = metrics;
    this.settings = settings;
  }

  void forward(Call c) {
    new Exchange(c).start();
  }

  /** This Forwarder's event loop's client-body deadlines, made on first use (on that loop). */
  private BodyDeadlines bodyDeadlines;

  private BodyDeadlines bodyDeadlines() {
    if (bodyDeadlines == null) {
      bodyDeadlines = new BodyDeadlines((io.vertx.core.internal.ContextInternal) Vertx.currentContext());
    }
    return bodyDeadlines;
  }

  /** What an upstream URI means for a request, worked out once per URI (variants keep theirs for their life). */
  private record Target(String host, int port, boolean ssl, String basePath, String hostHeader) {
    static Target of(URI up) {
      boolean https = "https".equalsIgnoreCase(up.getScheme());
      int port = up.getPort() > 0 ? up.getPort() : https ? 443 : 80;
      String base = up.getRawPath() == null ? "" : up.getRawPath();
      if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
      return new Target(up.getHost(), port, https, base, up.getPort() > 0 ? up.getHost() + ":" + up.getPort() : up.getHost());
    }
  }

  /** Targets by upstream; this Forwarder's event loop is the only thread that reads or fills it. */
  private final Map<URI, Target> targets = new HashMap<>();

  private Target target(URI up) {
    Target t = targets.get(up);
    if (t == null) {
      if (targets.size() > 10_000) targets.clear(); // upstreams change only with definitions; this bounds a churn of them
      t = Target.of(up);
      targets.put(up, t);
    }
    return t;
  }

  /** One request's state; every callback runs on the server request's event loop. */
  private final class Exchange extends BodyDeadlines.Entry {
    final Call c;
    final HttpServerResponse resp;
    HttpClientRequest upstreamReq;
    AttemptLoop loop;
    AttemptResult.Failure failure;
    ResponseSniffer sniffer;
    double ttfbMillis = Double.NaN;
    String upstreamRequestId;
    int status;
    boolean finished;
    /** Whether this exchange is in {@link #bodyDeadlines()} (its client body still streaming through). */
    boolean bodyDeadline;
    ExchangeSpans spans;
    /** The context announced to the recorder when a counted request starts. */
    RequestContext expected;

    Exchange(Call c) {
      this.c = c;
      this.resp = c.req().response();
    }

    void start() {
      metrics.exchangeStarted();
      spans = ExchangeSpans.start(tracing, c.req(), c.requestId());
      if (c.counted()) {
        var e = c.entry();
        expected = new RequestContext(c.requestId(), e.experiment().id(), c.variant(), c.unit(), c.startMillis(),
            e.experiment().segments().isEmpty() ? Map.of() : e.limiter().limit(c.segments()));
        recorder.expect(expected);
      }
      resp.closeHandler(v -> {
        if (!finished && !resp.ended()) {
          if (upstreamReq != null) upstreamReq.reset();
          if (loop != null) loop.cancel();
          if (EdgeGuard.badFraming(c.req().connection())) {
            abandon();
          } else {
            finish(ErrorKind.CLIENT_CLOSED);
          }
        }
      });
      if (bodyStreamed()) {
        bodyDeadline = true;
        bodyDeadlines().add(this, c.startNanos() + settings.safeguards().clientBodyTimeoutMillis() * 1_000_000L);
      }
      if (c.entry() == null) {
        send(c.upstream(), c.timeoutMillis()).onSuccess(this::relay).onFailure(this::failBeforeHead);
        return;
      }
      var variant = c.entry().experiment().variant(c.variant()).orElseThrow();
      boolean replayable = c.body() != null || !hasBody(c.req());
      loop = new AttemptLoop(Vertx.currentContext(), c.entry().experiment(), variant, c.entry().resilience(), replayable,
          c.startNanos(), this::send);
      loop.run().onSuccess(this::deliver).onFailure(this::failBeforeHead);
    }

    /** One attempt: the request to {@code upstream}, its body replayed when buffered, else streamed once. */
    private Future<HttpClientResponse> send(URI upstream, long timeoutMillis) {
      return client.request(options(upstream, timeoutMillis)).compose(creq -> {
        upstreamReq = creq;
        copyRequestHeaders(creq.headers(), upstream);
        if (c.body() != null) return creq.send(c.body());
        if (hasBody(c.req())) {
          if (c.req().getHeader("content-length") == null) creq.setChunked(true);
          return creq.send(c.req());
        }
        c.req().resume();
        return creq.send();
      });
    }

    private void deliver(AttemptResult result) {
      if (result instanceof AttemptResult.Answer a) {
        relay(a.response());
      } else if (result instanceof AttemptResult.Static s) {
        sendStatic(s.response());
      } else if (result instanceof AttemptResult.Failure f) {
        failure = f;
        failBeforeHead(f.error());
      } else if (result instanceof AttemptResult.Refused r) {
        refuse(r);
      }
    }

    private RequestOptions options(URI up, long timeoutMillis) {
      Target t = target(up);
      return new RequestOptions().setMethod(c.req().method()).setHost(t.host()).setPort(t.port()).setSsl(t.ssl())
          .setURI(t.basePath().isEmpty() ? c.req().uri() : t.basePath() + c.req().uri())
          .setConnectTimeout(Math.min(timeoutMillis, 10_000)).setIdleTimeout(timeoutMillis);
    }

    private void copyRequestHeaders(MultiMap to, URI up) {
      HttpServerRequest req = c.req();
      HopByHop.copyEndToEnd(req.headers(), to, NOT_FORWARDED);
      to.set("host", target(up).hostHeader());
      to.set("x-request-id", c.requestId());
      String client = req.remoteAddress() == null ? null : req.remoteAddress().hostAddress();
      String proto = req.scheme() == null ? "http" : req.scheme();
      String authority = req.authority() == null ? null : req.authority().toString();
      // A client's own X-Forwarded-For / Forwarded is kept (and appended to) only with --trust-forwarded, i.e.
      // when a proxy in front sets them; otherwise they are spoofable and replaced by what this gateway saw.
      boolean trust = settings.safeguards().trustForwarded();
      String prior = trust ? joined(req.headers().getAll("x-forwarded-for")) : null;
      if (client != null) to.set("x-forwarded-for", prior == null ? client : prior + ", " + client);
      String element = ForwardedHeader.element(client, proto, authority);
      String priorForwarded = trust ? joined(req.headers().getAll("forwarded")) : null;
      to.set("forwarded", priorForwarded == null ? element : priorForwarded + ", " + element);
      to.set("x-forwarded-proto", proto);
      if (authority != null) to.set("x-forwarded-host", authority);
      spans.attempt(up, to);
    }

    private void relay(HttpClientResponse cres) {
      status = cres.statusCode();
      resp.setStatusCode(status);
      if (cres.statusMessage() != null) resp.setStatusMessage(cres.statusMessage());
      HopByHop.copyEndToEnd(cres.headers(), resp.headers(), Set.of());
      upstreamRequestId = UpstreamIds.of(cres.headers());
      tag(resp.headers());
      boolean bodyless = c.req().method() == HttpMethod.HEAD || status == 204 || status == 304;
      if (!bodyless && resp.headers().get("content-length") == null) resp.setChunked(true);
      if (c.counted()) sniffer = new ResponseSniffer(cres.getHeader("content-type"));
      cres.handler(chunk -> {
        if (Double.isNaN(ttfbMillis)) ttfbMillis = elapsedMillis();
        if (sniffer != null) sniffer.feed(chunk);
        resp.write(chunk);
        if (resp.writeQueueFull()) {
          cres.pause();
          resp.drainHandler(v -> cres.resume());
        }
      });
      cres.exceptionHandler(err -> {
        if (finished) return;
        resp.reset();
        finish(isTimeout(err) ? ErrorKind.TIMEOUT : ErrorKind.RESET);
      });
      cres.endHandler(v -> {
        if (finished) return;
        if (Double.isNaN(ttfbMillis)) ttfbMillis = elapsedMillis();
        try {
          finish(status >= 500 ? ErrorKind.STATUS_5XX : status == 429 ? ErrorKind.RATE_LIMITED : null);
        } finally {
          resp.end(); // whatever recording does, the client gets its whole answer
        }
      });
    }

    private void tag(MultiMap headers) {
      headers.set("x-request-id", c.requestId());
      if (upstreamRequestId != null) headers.set(UpstreamIds.HEADER, upstreamRequestId);
      if (c.entry() != null) {
        headers.set("x-experiment", c.entry().experiment().id());
        headers.set("x-variant", c.variant());
      }
      if (loop != null) {
        if (loop.servedBy() != null && !loop.servedBy().equals(c.variant())) headers.set("x-served-by", loop.servedBy());
        headers.set("x-abgw-attempts", Integer.toString(loop.attempts()));
      }
    }

    private void sendStatic(dev.abgw.experiments.StaticResponse s) {
      status = s.status();
      s.headers().forEach(resp::putHeader);
      tag(resp.headers());
      ttfbMillis = elapsedMillis();
      finish(status >= 500 ? ErrorKind.STATUS_5XX : null);
      resp.end(s.body());
    }

    private void refuse(AttemptResult.Refused r) {
      status = r.status();
      tag(resp.headers());
      resp.putHeader("retry-after", Long.toString(Math.max(1, (r.retryAfterMillis() + 999) / 1000)));
      finish(ErrorKind.fromWire(r.errorKind()));
      ApiErrors.send(resp, r.status(), r.errorKind(), r.message());
    }

    /** The client's body is still arriving through the gateway (not read up front). */
    private boolean bodyStreamed() {
      return c.body() == null && hasBody(c.req());
    }

    /**
     * The client did not finish its body in time: 408, recorded as {@code client_slow} (no metric of the
     * variant moves), and the connection closed since the rest of the body will not be read.
     */
    private void clientSlow() {
      if (finished) return;
      boolean headSent = resp.headWritten();
      if (!headSent) status = 408;
      // Finished first: resetting the upstream fails its request at once, and that failure is not the variant's.
      finish(ErrorKind.CLIENT_SLOW);
      if (upstreamReq != null) upstreamReq.reset();
      if (headSent) {
        resp.reset();
        return;
      }
      tag(resp.headers());
      resp.putHeader("connection", "close");
      resp.endHandler(v -> c.req().connection().close());
      ApiErrors.send(resp, 408, "client_body_timeout", "the request body did not arrive completely within "
          + settings.safeguards().clientBodyTimeoutMillis() + " ms (--client-body-timeout)");
    }

    private void failBeforeHead(Throwable err) {
      if (finished) return;
      if (bodyStreamed() && !c.req().isEnded() && isTimeout(err)) {
        // The upstream waited for a body the client never finished: the client's failure, not the variant's.
        clientSlow();
        return;
      }
      boolean timeout = isTimeout(err);
      ErrorKind kind = timeout ? ErrorKind.TIMEOUT : isConnect(err) ? ErrorKind.CONNECT : ErrorKind.RESET;
      tag(resp.headers());
      status = timeout ? 504 : 502;
      finish(kind);
      // The client learns which variant failed and how (the last one tried, after fallbacks); addresses and
      // exception text go to the log only.
      String experiment = c.entry() == null ? null : c.entry().experiment().id();
      String variant = failure != null ? failure.variant() : c.variant();
      URI upstream = failure != null ? failure.upstream() : c.upstream();
      long timeoutMillis = failure != null ? failure.timeoutMillis() : c.timeoutMillis();
      UpstreamFailures.log(c.requestId(), experiment, variant, upstream, kind, describe(err));
      ApiErrors.send(resp, status, timeout ? "upstream_timeout" : "upstream_failed",
          UpstreamFailures.publicMessage(experiment, variant, kind, timeoutMillis));
    }

    /**
     * The client's body could not be decoded (a bad chunk size): its framing, not the variant, failed, and the
     * head may already be upstream, so the only answer left is the reset; the request is not counted at all.
     */
    private void abandon() {
      if (finished) return;
      finished = true;
      metrics.exchangeEnded();
      spans.end(c.entry() == null ? null : c.entry().experiment().id(), c.variant(), c.unit(), 400, null, null, null);
      cancelBodyTimer();
      metrics.recordRequest(c.entry() == null ? "" : c.entry().experiment().id(), c.variant() == null ? "" : c.variant(),
          400, null, elapsedMillis());
      if (c.counted()) recorder.abandon(c.requestId());
    }

    private void finish(ErrorKind errorKind) {
      if (finished) return;
      finished = true;
      cancelBodyTimer();
      if (loop != null) loop.release();
      metrics.exchangeEnded();
      double latency = elapsedMillis();
      String experiment = c.entry() == null ? "" : c.entry().experiment().id();
      String variant = c.variant() == null ? "" : c.variant();
      boolean clientSlow = errorKind == ErrorKind.CLIENT_SLOW;
      if (clientSlow) metrics.recordClientSlow();
      metrics.recordRequest(experiment, variant, status, clientSlow || errorKind == null ? null : errorKind.wire(),
          latency);
      metrics.recordFirstByte(experiment, variant, ttfbMillis);
      if (loop != null) {
        metrics.resilience().record(experiment, c.variant(), loop.attempts(), loop.retries(), loop.fallbackReason(),
            loop.rejectedByRateLimit());
      }
      AccessLog.log(c.requestId(), c.entry() == null ? null : experiment, c.variant(), status, latency,
          c.req().bytesRead(), resp.bytesWritten(), errorKind == null ? null : errorKind.wire());
      if (sniffer != null && c.counted()) sniffer.end();
      spans.end(c.entry() == null ? null : experiment, c.variant(), c.unit(), status,
          errorKind == null ? null : errorKind.wire(), sniffer == null ? null : sniffer.promptTokens(),
          sniffer == null ? null : sniffer.completionTokens());
      if (!c.counted()) return;
      if (sniffer != null) metrics.recordTokens(experiment, variant, sniffer.promptTokens(), sniffer.completionTokens());
      ProxyOutcome outcome = new ProxyOutcome(status, errorKind, latency, ttfbMillis,
          sniffer == null ? null : sniffer.promptTokens(), sniffer == null ? null : sniffer.completionTokens(),
          sniffer == null ? null : sniffer.totalTokens(), sniffer == null ? null : SafeText.clean(sniffer.finishReason()),
          sniffer == null ? 0 : sniffer.toolCalls(), upstreamRequestId, loop == null ? null : loop.serving());
      Map<String, String> segments = c.segments();
      var experimentDef = c.entry().experiment();
      if (!experimentDef.segments().isEmpty()) {
        Map<String, String> all = new HashMap<>(segments);
        all.putAll(SegmentExtractor.fromResponse(experimentDef.segments(), responseView(outcome)));
        segments = SafeText.clean(c.entry().limiter().limit(all));
      }
      recorder.request(experimentDef, expected, segments, outcome);
    }

    private double elapsedMillis() {
      return (System.nanoTime() - c.startNanos()) / 1e6;
    }

    /** The client-body deadline passed (from {@link BodyDeadlines}, on this exchange's context). */
    @Override
    void expire() {
      bodyDeadline = false;
      if (!finished && !c.req().isEnded()) clientSlow();
    }

    private void cancelBodyTimer() {
      if (bodyDeadline) {
        bodyDeadlines().remove(this);
        bodyDeadline = false;
      }
    }
  }

  private static ResponseView responseView(ProxyOutcome o) {
    return new ResponseView() {
      @Override public int status() { return o.status(); }
      @Override public String finishReason() { return o.finishReason(); }
      @Override public int toolCalls() { return o.toolCalls(); }
      @Override public Long promptTokens() { return o.promptTokens(); }
      @Override public String servedBy() { return o.serving() == null ? null : o.serving().servedBy(); }
    };
  }

  private static String joined(java.util.List<String> values) {
    return values.isEmpty() ? null : String.join(", ", values);
  }

  private static boolean hasBody(HttpServerRequest req) {
    String len = req.getHeader("content-length");
    if (len != null) return !"0".equals(len.trim());
    return req.getHeader("transfer-encoding") != null;
  }

  static boolean isTimeout(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) return true;
    }
    return false;
  }

  static boolean isConnect(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) return true;
    }
    return false;
  }

  private static String describe(Throwable err) {
    String m = err.getMessage();
    return m == null ? err.getClass().getSimpleName() : m;
  }
}
