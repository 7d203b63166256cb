package dev.abgw.gateway.proxy;

import dev.abgw.analysis.event.RequestIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abgw.experiments.Assignment;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.SegmentExtractor;
import dev.abgw.experiments.SegmentSource;
import dev.abgw.experiments.UnitExtractor;
import dev.abgw.experiments.UnitFallback;
import dev.abgw.experiments.UnitSource;
import dev.abgw.experiments.Variant;
import dev.abgw.gateway.http.ApiErrors;
import dev.abgw.gateway.log.AccessLog;
import dev.abgw.gateway.registry.ExperimentRegistry;
import dev.abgw.gateway.metrics.GatewayMetrics;
import dev.abgw.gateway.proxy.resilience.ReplayBuffering;
import dev.abgw.gateway.record.Recorder;
import dev.abgw.gateway.store.SafeText;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy's front half: match the request to an experiment, find its unit, assign the variant, then
 * hand over to {@link Forwarder}. Bodies are read only when the unit or a segment lives in them;
 * otherwise the request streams through untouched.
 */
public final class ProxyHandler implements Handler<HttpServerRequest> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ExperimentRegistry registry;
  private final Recorder recorder;
  private final ProxySettings settings;
  private final Forwarder forwarder;
  private final GatewayMetrics metrics;
  private final io.vertx.core.Vertx vertx;

  public ProxyHandler(io.vertx.core.Vertx vertx, HttpClient client, ExperimentRegistry registry, Recorder recorder,
                      GatewayMetrics metrics, ProxySettings settings) {
    this.vertx = vertx;
    this.registry = registry;
    this.recorder = recorder;
    this.metrics = metrics;
    this.settings = settings;
    this.forwarder = new Forwarder(vertx, client, recorder, metrics, settings);
  }

  @Override
  public void handle(HttpServerRequest req) {
    long startNanos = System.nanoTime();
    Framing.Problem framing = Framing.check(req);
    if (framing != null) {
      refuse(req, framing);
      return;
    }
    String requestId = requestId(req);
    var authority = req.authority();
    ExperimentRegistry.Entry entry = registry.match(authority == null ? null : authority.host(), req.path());
    if (entry == null) {
      unmatched(req, requestId, startNanos);
      return;
    }
    Experiment e = entry.experiment();
    long timeoutMillis = settings.safeguards().clientBodyTimeoutMillis();
    if (!needsBody(e) && ReplayBuffering.wanted(e, req, settings.maxBufferedBodyBytes())) {
      // Buffered only so that a retry or a fallback can send it again.
      BodyReader.read(req, settings.maxBufferedBodyBytes(), vertx, timeoutMillis).onComplete(ar -> {
        if (ar.failed() && ar.cause() instanceof BodyReader.TooSlow) {
          bodyTooSlow(req, requestId, timeoutMillis);
          return;
        }
        if (ar.failed()) {
          ApiErrors.send(req.response(), 400, "body_unreadable", "request body ended before its content-length");
          return;
        }
        route(req, entry, requestId, startNanos, ar.result(), null);
      });
    } else if (needsBody(e)) {
      BodyReader.read(req, settings.maxBufferedBodyBytes(), vertx, timeoutMillis).onComplete(ar -> {
        if (ar.failed() && ar.cause() instanceof BodyReader.TooSlow) {
          bodyTooSlow(req, requestId, timeoutMillis);
          return;
        }
        if (ar.failed()) {
          ApiErrors.send(req.response(), 413, "body_too_large", "request body is larger than "
              + settings.maxBufferedBodyBytes() + " bytes, the limit for requests whose unit or segment is read from the body");
          return;
        }
        Buffer body = ar.result();
        JsonNode json = parseJson(body);
        route(req, entry, requestId, startNanos, body, json);
      });
    } else {
      req.pause();
      route(req, entry, requestId, startNanos, null, null);
    }
  }

  /** A body read up front did not arrive in time: not yet assigned, so nothing is recorded and no variant blamed. */
  private void bodyTooSlow(HttpServerRequest req, String requestId, long timeoutMillis) {
    metrics.recordClientSlow();
    req.response().putHeader("connection", "close").endHandler(v -> req.connection().close());
    ApiErrors.send(req.response().putHeader("x-request-id", requestId), 408, "client_body_timeout",
        "the request body did not arrive completely within " + timeoutMillis + " ms (--client-body-timeout)");
  }

  /**
   * The client's {@code X-Request-Id} only when no live request has it: judgments are keyed by the id, so
   * reusing another request's id (every response carries one) must not re-bind its judgments. Otherwise
   * the gateway issues its own and echoes the client's as {@code X-Client-Request-Id}.
   */
  private String requestId(HttpServerRequest req) {
    String client = req.getHeader("x-request-id");
    String id = RequestIds.fromClientOrNew(client);
    if (id.equals(client) && recorder.isLive(client)) {
      id = RequestIds.newId();
      req.response().putHeader(CLIENT_REQUEST_ID, client);
    }
    return id;
  }

  static final String CLIENT_REQUEST_ID = "x-client-request-id";

  /** Answers a framing problem without reading the body; closes the connection when its framing is unknown. */
  private static void refuse(HttpServerRequest req, Framing.Problem p) {
    if (p.close()) {
      req.response().putHeader("connection", "close").endHandler(v -> req.connection().close());
    }
    ApiErrors.send(req.response(), p.status(), p.code(), p.message());
  }

  private void unmatched(HttpServerRequest req, String requestId, long startNanos) {
    metrics.recordUnmatched(settings.defaultUpstream() != null);
    if (settings.defaultUpstream() == null) {
      ApiErrors.send(req.response().putHeader("x-request-id", requestId), 404, "no_route",
          "no running experiment matches " + req.method() + " " + req.path() + " and no default upstream is configured");
      AccessLog.log(requestId, null, null, 404, (System.nanoTime() - startNanos) / 1e6, req.bytesRead(),
          req.response().bytesWritten(), null);
      return;
    }
    req.pause();
    forwarder.forward(new Forwarder.Call(req, requestId, startNanos, settings.clock().millis(), null, null, null,
        settings.defaultUpstream(), settings.defaultTimeoutMillis(), null, false, Map.of()));
  }

  private void route(HttpServerRequest req, ExperimentRegistry.Entry entry, String requestId, long startNanos,
                     Buffer body, JsonNode json) {
    Experiment e = entry.experiment();
    RequestBodyView view = new RequestBodyView(req, json, body == null ? 0 : body.length());
    String forcedName = req.getHeader(Forced.VARIANT_HEADER);
    Assignment assignment;
    String unit = null;
    if (forcedName != null) {
      if (!Forced.tokenMatches(settings.adminToken(), req.getHeader(Forced.TOKEN_HEADER))) {
        ApiErrors.send(req.response(), 403, "forbidden",
            "forcing a variant with X-Abgw-Variant needs the admin token in X-Abgw-Admin-Token");
        return;
      }
      Variant v = e.variant(forcedName).orElse(null);
      if (v == null) {
        ApiErrors.send(req.response(), 400, "unknown_variant", "X-Abgw-Variant names no variant of experiment "
            + e.id() + " (was \"" + forcedName + "\"; variants: " + e.variants().stream().map(Variant::name).toList() + ")");
        return;
      }
      assignment = new Assignment(v, false);
    } else {
      // Lone surrogates become U+FFFD here, so every string that reaches a store is valid Unicode (SafeText).
      unit = SafeText.clean(UnitExtractor.unitId(e.unit(), view).orElse(null));
      Optional<Assignment> assigned = entry.assigner().assignOrFallback(unit, requestId);
      if (assigned.isEmpty()) {
        ApiErrors.send(req.response(), 400, "unit_missing", "experiment " + e.id()
            + " needs a unit id from " + describeUnit(e) + " and the request has none");
        return;
      }
      assignment = assigned.get();
      // Without a unit id, fallback "request" makes the request id the unit.
      if ((unit == null || unit.isEmpty()) && e.unit().fallback() == UnitFallback.REQUEST) unit = requestId;
      if (assignment.counted() && registry.isStopped(e.id(), assignment.variant().name())) {
        // Rolled back by the monitor: control serves the unit, uncounted, like a paused arm.
        assignment = new Assignment(e.controlVariant(), false);
      }
    }
    Map<String, String> segments = Map.of();
    if (assignment.counted() && !e.segments().isEmpty()) {
      segments = SafeText.clean(SegmentExtractor.fromRequest(e.segments(), view));
    }
    Variant v = assignment.variant();
    forwarder.forward(new Forwarder.Call(req, requestId, startNanos, settings.clock().millis(), entry, v.name(), unit,
        v.upstream(), v.timeoutMillis(), body, assignment.counted(), segments));
  }

  static boolean needsBody(Experiment e) {
    if (e.unit().source() == UnitSource.BODY) return true;
    for (var d : e.segments()) {
      if (d.source() == SegmentSource.BODY) return true;
      if (d.source() == SegmentSource.INPUT_LENGTH && "chars".equals(d.key())) return true;
    }
    return false;
  }

  private static String describeUnit(Experiment e) {
    return switch (e.unit().source()) {
      case HEADER -> "header " + e.unit().name();
      case COOKIE -> "cookie " + e.unit().name();
      case BODY -> "JSON body field " + e.unit().pointer();
    };
  }

  private static JsonNode parseJson(Buffer body) {
    if (body == null || body.length() == 0) return null;
    try {
      return JSON.readTree(body.getBytes());
    } catch (IOException notJson) {
      return null;
    }
  }
}
