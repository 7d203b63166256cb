package dev.abgw.gateway.proxy;

import dev.abgw.analysis.event.ErrorKind;
import dev.abgw.analysis.event.ProxyOutcome;
import dev.abgw.experiments.ResponseView;
import dev.abgw.experiments.SegmentExtractor;
import dev.abgw.gateway.http.ApiErrors;
import dev.abgw.gateway.log.AccessLog;
import dev.abgw.gateway.telemetry.ExchangeSpans;
import dev.abgw.gateway.telemetry.Tracing;
import dev.abgw.gateway.registry.ExperimentRegistry;
import dev.abgw.gateway.metrics.GatewayMetrics;
import dev.abgw.gateway.record.Recorder;
import dev.abgw.analysis.event.RequestContext;
import io.vertx.core.MultiMap;
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
      Set.of("host", "x-request-id", Forced.VARIANT_HEADER, Forced.TOKEN_HEADER);

  /** Everything the back half needs about one request. {@code entry} is null for unmatched traffic. */
  record Call(HttpServerRequest req, String requestId, long startNanos, long startMillis,
              ExperimentRegistry.Entry entry, String variant, String unit, URI upstream, long timeoutMillis,
              Buffer body, boolean counted, Map<String, String> segments) {}

  private final HttpClient client;
  private final Recorder recorder;
  private final GatewayMetrics metrics;

  private final Tracing tracing;

  Forwarder(HttpClient client, Recorder recorder, GatewayMetrics metrics, Tracing tracing) {
    this.tracing = tracing;
    this.client = client;
    this.recorder = recorder;
    this.metrics = metrics;
  }

  void forward(Call c) {
    new Exchange(c).start();
  }

  /** One request's state; every callback runs on the server request's event loop. */
  private final class Exchange {
    final Call c;
    final HttpServerResponse resp;
    HttpClientRequest upstreamReq;
    ResponseSniffer sniffer;
    double ttfbMillis = Double.NaN;
    String upstreamRequestId;
    int status;
    boolean finished;
    ExchangeSpans spans;

    Exchange(Call c) {
      this.c = c;
      this.resp = c.req().response();
    }

    void start() {
      metrics.exchangeStarted();
      spans = ExchangeSpans.start(tracing, c.req(), c.requestId());
      if (c.counted()) {
        var e = c.entry();
        recorder.expect(new RequestContext(c.requestId(), e.experiment().id(), c.variant(), c.unit(), c.startMillis(),
            e.experiment().segments().isEmpty() ? Map.of() : e.limiter().limit(c.segments())));
      }
      resp.closeHandler(v -> {
        if (!finished && !resp.ended()) {
          if (upstreamReq != null) upstreamReq.reset();
          finish(ErrorKind.CLIENT_CLOSED);
        }
      });
      client.request(options()).compose(creq -> {
        upstreamReq = creq;
        copyRequestHeaders(creq.headers());
        if (c.body() != null) return creq.send(c.body());
        if (hasBody(c.req())) {
          if (c.req().getHeader("content-length") == null) creq.setChunked(true);
          return creq.send(c.req());
        }
        c.req().resume();
        return creq.send();
      }).onSuccess(this::relay).onFailure(this::failBeforeHead);
    }

    private RequestOptions options() {
      URI up = c.upstream();
      boolean https = "https".equalsIgnoreCase(up.getScheme());
      int port = up.getPort() > 0 ? up.getPort() : https ? 443 : 80;
      String base = up.getRawPath() == null ? "" : up.getRawPath();
      if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
      return new RequestOptions().setMethod(c.req().method()).setHost(up.getHost()).setPort(port).setSsl(https)
          .setURI(base + c.req().uri()).setConnectTimeout(Math.min(c.timeoutMillis(), 10_000))
          .setIdleTimeout(c.timeoutMillis());
    }

    private void copyRequestHeaders(MultiMap to) {
      HttpServerRequest req = c.req();
      HopByHop.copyEndToEnd(req.headers(), to, NOT_FORWARDED);
      URI up = c.upstream();
      to.set("host", up.getPort() > 0 ? up.getHost() + ":" + up.getPort() : up.getHost());
      to.set("x-request-id", c.requestId());
      String client = req.remoteAddress() == null ? null : req.remoteAddress().hostAddress();
      String prior = req.getHeader("x-forwarded-for");
      if (client != null) to.set("x-forwarded-for", prior == null ? client : prior + ", " + client);
      to.set("x-forwarded-proto", req.scheme() == null ? "http" : req.scheme());
      if (req.authority() != null) to.set("x-forwarded-host", req.authority().toString());
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
        finish(status >= 500 ? ErrorKind.STATUS_5XX : null);
        resp.end();
      });
    }

    private void tag(MultiMap headers) {
      headers.set("x-request-id", c.requestId());
      if (upstreamRequestId != null) headers.set(UpstreamIds.HEADER, upstreamRequestId);
      if (c.entry() != null) {
        headers.set("x-experiment", c.entry().experiment().id());
        headers.set("x-variant", c.variant());
      }
    }

    private void failBeforeHead(Throwable err) {
      if (finished) return;
      boolean timeout = isTimeout(err);
      ErrorKind kind = timeout ? ErrorKind.TIMEOUT : isConnect(err) ? ErrorKind.CONNECT : ErrorKind.RESET;
      tag(resp.headers());
      status = timeout ? 504 : 502;
      finish(kind);
      // The client learns which variant failed and how; addresses and exception text go to the log only.
      String experiment = c.entry() == null ? null : c.entry().experiment().id();
      UpstreamFailures.log(c.requestId(), experiment, c.variant(), c.upstream(), kind, describe(err));
      ApiErrors.send(resp, status, timeout ? "upstream_timeout" : "upstream_failed",
          UpstreamFailures.publicMessage(experiment, c.variant(), kind, c.timeoutMillis()));
    }

    private void finish(ErrorKind errorKind) {
      if (finished) return;
      finished = true;
      metrics.exchangeEnded();
      double latency = elapsedMillis();
      String experiment = c.entry() == null ? "" : c.entry().experiment().id();
      String variant = c.variant() == null ? "" : c.variant();
      metrics.recordRequest(experiment, variant, status, errorKind == null ? null : errorKind.wire(), latency);
      metrics.recordFirstByte(experiment, variant, ttfbMillis);
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
          sniffer == null ? null : sniffer.totalTokens(), sniffer == null ? null : sniffer.finishReason(),
          sniffer == null ? 0 : sniffer.toolCalls(), upstreamRequestId);
      Map<String, String> segments = c.segments();
      var experimentDef = c.entry().experiment();
      if (!experimentDef.segments().isEmpty()) {
        Map<String, String> all = new HashMap<>(segments);
        all.putAll(SegmentExtractor.fromResponse(experimentDef.segments(), responseView(outcome)));
        segments = c.entry().limiter().limit(all);
      }
      recorder.request(experimentDef, c.variant(), c.unit(), c.requestId(), c.startMillis(), segments, outcome);
    }

    private double elapsedMillis() {
      return (System.nanoTime() - c.startNanos()) / 1e6;
    }
  }

  private static ResponseView responseView(ProxyOutcome o) {
    return new ResponseView() {
      @Override public int status() { return o.status(); }
      @Override public String finishReason() { return o.finishReason(); }
      @Override public int toolCalls() { return o.toolCalls(); }
      @Override public Long promptTokens() { return o.promptTokens(); }
    };
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
