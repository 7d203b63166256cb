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
import dev.abgw.gateway.record.Recorder;
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
  private final ProxySettings settings;
  private final Forwarder forwarder;
  private final GatewayMetrics metrics;

  public ProxyHandler(HttpClient client, ExperimentRegistry registry, Recorder recorder, GatewayMetrics metrics,
                      ProxySettings settings) {
    this.registry = registry;
    this.settings = settings;
    this.forwarder = new Forwarder(client, recorder, metrics, settings.tracing());
    this.metrics = metrics;
  }

  @Override
  public void handle(HttpServerRequest req) {
    long startNanos = System.nanoTime();
    String requestId = RequestIds.fromClientOrNew(req.getHeader("x-request-id"));
    var authority = req.authority();
    ExperimentRegistry.Entry entry = registry.match(authority == null ? null : authority.host(), req.path());
    if (entry == null) {
      unmatched(req, requestId, startNanos);
      return;
    }
    Experiment e = entry.experiment();
    if (needsBody(e)) {
      BodyReader.read(req, settings.maxBufferedBodyBytes()).onComplete(ar -> {
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
      unit = UnitExtractor.unitId(e.unit(), view).orElse(null);
      Optional<Assignment> assigned = entry.assigner().assignOrFallback(unit, requestId);
      if (assigned.isEmpty()) {
        ApiErrors.send(req.response(), 400, "unit_missing", "experiment " + e.id()
            + " needs a unit id from " + describeUnit(e) + " and the request has none");
        return;
      }
      assignment = assigned.get();
      // Without a unit id, fallback "request" makes the request id the unit.
      if ((unit == null || unit.isEmpty()) && e.unit().fallback() == UnitFallback.REQUEST) unit = requestId;
    }
    Map<String, String> segments = Map.of();
    if (assignment.counted() && !e.segments().isEmpty()) {
      segments = SegmentExtractor.fromRequest(e.segments(), view);
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
