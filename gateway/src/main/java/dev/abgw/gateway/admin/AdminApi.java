package dev.abgw.gateway.admin;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentJson;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;
import dev.abgw.experiments.Status;
import dev.abgw.experiments.ValidationError;
import dev.abgw.gateway.ApiErrors;
import dev.abgw.gateway.ExperimentRegistry;
import dev.abgw.gateway.metrics.GatewayMetrics;
import dev.abgw.analysis.report.ReportPage;
import dev.abgw.gateway.report.ReportService;
import dev.abgw.gateway.store.EventStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The admin API (its own port): experiments, judgments, export, report, health and metrics.
 * All routes are declared in {@link #router}; each has one method; every error has one JSON shape
 * ({@link ApiErrors}). Client mistakes get a 4xx naming the field, the rule and the value seen.
 */
public final class AdminApi {
  static final int MAX_BODY_BYTES = 64 * 1024 * 1024;
  static final int EXPORT_PAGE = 1000;
  private static final com.fasterxml.jackson.databind.ObjectMapper REPORT_WRITER =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final Vertx vertx;
  private final ExperimentRegistry registry;
  private final EventStore store;
  private final JudgmentService judgments;
  private final ReportService reports;
  private final GatewayMetrics metrics;
  private final String token;

  public AdminApi(Vertx vertx, ExperimentRegistry registry, EventStore store, JudgmentService judgments,
                  ReportService reports, GatewayMetrics metrics, String token) {
    this.vertx = vertx;
    this.registry = registry;
    this.store = store;
    this.judgments = judgments;
    this.reports = reports;
    this.metrics = metrics;
    this.token = token;
  }

  public Router router() {
    Router r = Router.router(vertx);
    r.get("/health").handler(this::health);
    r.route().handler(new BearerAuth(token));
    r.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES).setHandleFileUploads(false));
    r.get("/metrics").handler(this::metrics);
    r.get("/experiments").handler(this::listExperiments);
    r.put("/experiments/:id").handler(this::putExperiment);
    r.get("/experiments/:id").handler(this::getExperiment);
    r.post("/experiments/:id/start").handler(ctx -> setStatus(ctx, Status.RUNNING));
    r.post("/experiments/:id/pause").handler(ctx -> setStatus(ctx, Status.PAUSED));
    r.post("/experiments/:id/stop").handler(ctx -> setStatus(ctx, Status.STOPPED));
    r.get("/experiments/:id/report").handler(this::report);
    r.get("/experiments/:id/report.html").handler(this::reportPage);
    r.get("/experiments/:id/export").handler(this::export);
    r.post("/judgments").handler(this::postJudgments);
    r.route().last().handler(ctx -> ApiErrors.send(ctx.response(), 404, "not_found",
        "no admin route " + ctx.request().method() + " " + ctx.request().path()));
    r.errorHandler(413, ctx -> ApiErrors.send(ctx.response(), 413, "body_too_large",
        "request body is larger than " + MAX_BODY_BYTES + " bytes"));
    r.errorHandler(405, ctx -> ApiErrors.send(ctx.response(), 405, "method_not_allowed",
        ctx.request().method() + " is not allowed on " + ctx.request().path()));
    r.errorHandler(500, ctx -> ApiErrors.send(ctx.response(), 500, "internal",
        "internal error: " + (ctx.failure() == null ? "unknown" : ctx.failure().getMessage())));
    return r;
  }

  private void health(RoutingContext ctx) {
    json(ctx.response(), 200, new JsonObject().put("status", "ok").put("experiments", registry.all().size()));
  }

  private void metrics(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "text/plain; version=0.0.4").end(metrics.render());
  }

  private void listExperiments(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    for (Experiment e : registry.all()) out.add(new JsonObject(ExperimentJson.toJson(e)));
    json(ctx.response(), 200, new JsonObject().put("experiments", out));
  }

  private void getExperiment(RoutingContext ctx) {
    withExperiment(ctx, e -> json(ctx.response(), 200, withCircuits(new JsonObject(ExperimentJson.toJson(e)), e.id())));
  }

  /** The live state of each upstream's circuit breaker, next to the definition, when the experiment has any. */
  private JsonObject withCircuits(JsonObject definition, String id) {
    var circuits = registry.get(id).map(en -> en.resilience().circuits()).orElse(List.of());
    if (circuits.isEmpty()) return definition;
    JsonArray out = new JsonArray();
    circuits.forEach(c -> out.add(new JsonObject().put("upstream", c.upstream()).put("variants", new JsonArray(c.variants()))
        .put("state", c.state()).put("failureRate", c.failureRate() < 0 ? null : c.failureRate() / 100.0)
        .put("bufferedRequests", c.bufferedCalls())));
    return definition.put("circuits", out);
  }

  private void putExperiment(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String text = ctx.body().asString(StandardCharsets.UTF_8.name());
    ParseResult parsed = ExperimentParser.parse(text == null ? "" : text);
    if (parsed instanceof ParseResult.Invalid invalid) {
      ApiErrors.send(ctx.response(), 422, "invalid_experiment", invalid.errors().size()
          + " problem(s) in the experiment definition; nothing was changed", details(invalid.errors()));
      return;
    }
    Experiment e = ((ParseResult.Valid) parsed).experiment();
    if (!e.id().equals(id)) {
      ApiErrors.send(ctx.response(), 422, "invalid_experiment", "/id must equal the id in the path (was \""
          + e.id() + "\", path says \"" + id + "\")",
          List.of(new JsonObject().put("pointer", "/id").put("message", "/id must equal \"" + id + "\" (was \"" + e.id() + "\")")));
      return;
    }
    boolean created = registry.get(id).isEmpty();
    save(e).onSuccess(v -> json(ctx.response(), created ? 201 : 200, new JsonObject(ExperimentJson.toJson(e))))
        .onFailure(err -> unavailable(ctx, err));
  }

  private void setStatus(RoutingContext ctx, Status status) {
    withExperiment(ctx, e -> {
      Experiment next = e.withStatus(status);
      save(next).onSuccess(v -> json(ctx.response(), 200, new JsonObject(ExperimentJson.toJson(next))))
          .onFailure(err -> unavailable(ctx, err));
    });
  }

  /** Persists first, then serves: a definition the store did not take is never half-applied. */
  private Future<Void> save(Experiment e) {
    return store.putExperiment(e).onSuccess(v -> registry.put(e));
  }

  private void report(RoutingContext ctx) {
    long start = System.nanoTime();
    withExperiment(ctx, e -> reports.report(e).onSuccess(node -> {
      // The report is written once, straight from the Jackson tree the assembler built.
      byte[] body;
      try {
        body = REPORT_WRITER.writeValueAsBytes(node);
      } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
        ctx.fail(500, bad);
        return;
      }
      // Server-Timing (W3C): the gateway's own time for this report, store read to encoded JSON.
      String millis = String.format(java.util.Locale.ROOT, "%.3f", (System.nanoTime() - start) / 1e6);
      ctx.response().setStatusCode(200).putHeader("content-type", "application/json")
          .putHeader("server-timing", "report;dur=" + millis).end(Buffer.buffer(body));
    }).onFailure(err -> unavailable(ctx, err)));
  }

  private void reportPage(RoutingContext ctx) {
    withExperiment(ctx, e -> reports.report(e).onSuccess(node -> ctx.response()
        .putHeader("content-type", "text/html; charset=utf-8").end(ReportPage.render(new JsonObject(node.toString()))))
        .onFailure(err -> unavailable(ctx, err)));
  }

  private void export(RoutingContext ctx) {
    withExperiment(ctx, e -> {
      HttpServerResponse resp = ctx.response().putHeader("content-type", "application/x-ndjson").setChunked(true);
      exportFrom(resp, e.id(), null);
    });
  }

  private void exportFrom(HttpServerResponse resp, String experiment, String cursor) {
    store.events(experiment, cursor, EXPORT_PAGE).onSuccess(page -> {
      Buffer chunk = Buffer.buffer(page.events().size() * 256);
      for (JsonObject ev : page.events()) chunk.appendString(ev.encode()).appendByte((byte) '\n');
      resp.write(chunk);
      if (page.next() == null) {
        resp.end();
      } else if (resp.writeQueueFull()) {
        resp.drainHandler(v -> exportFrom(resp, experiment, page.next()));
      } else {
        exportFrom(resp, experiment, page.next());
      }
    }).onFailure(err -> {
      if (resp.headWritten()) resp.reset();
      else ApiErrors.send(resp, 503, "store_unavailable", "the event store did not answer: " + err.getMessage());
    });
  }

  private void postJudgments(RoutingContext ctx) {
    String contentType = String.valueOf(ctx.request().getHeader("content-type")).toLowerCase(java.util.Locale.ROOT);
    String text = ctx.body().asString(StandardCharsets.UTF_8.name());
    if (text == null || text.isBlank()) {
      ApiErrors.send(ctx.response(), 400, "empty_body", "POST /judgments needs a judgment object, an array of them, or NDJSON");
      return;
    }
    List<Object> items;
    boolean single = false;
    try {
      if (contentType.contains("ndjson") || contentType.contains("jsonl")) {
        items = ndjson(text);
      } else {
        Object parsed = Json.decodeValue(text);
        if (parsed instanceof JsonArray a) {
          items = new ArrayList<>(a.getList().size());
          for (int i = 0; i < a.size(); i++) items.add(a.getValue(i));
        } else {
          items = new ArrayList<>();
          items.add(parsed);
          single = true;
        }
      }
    } catch (DecodeException bad) {
      ApiErrors.send(ctx.response(), 400, "malformed_json", "the body is not valid JSON (or NDJSON with content-type "
          + "application/x-ndjson): " + bad.getMessage());
      return;
    }
    if (items.isEmpty()) {
      ApiErrors.send(ctx.response(), 400, "empty_batch", "the batch holds no judgment");
      return;
    }
    boolean one = single;
    judgments.ingest(items).onSuccess(results -> {
      if (one) {
        singleResult(ctx.response(), results.get(0));
      } else {
        JsonObject summary = new JsonObject();
        for (String s : List.of("stored", "duplicate", "unknown_request", "invalid")) summary.put(s, 0);
        for (JsonObject r : results) summary.put(r.getString("status"), summary.getInteger(r.getString("status")) + 1);
        json(ctx.response(), 200, new JsonObject().put("summary", summary).put("results", new JsonArray(results)));
      }
    }).onFailure(err -> unavailable(ctx, err));
  }

  /** A lone judgment answers with the status of its outcome, so simple clients need not parse a batch. */
  private static void singleResult(HttpServerResponse resp, JsonObject r) {
    switch (r.getString("status")) {
      case "stored" -> json(resp, 201, r);
      case "duplicate" -> json(resp, 200, r);
      case "unknown_request" -> ApiErrors.send(resp, 404, "unknown_request", r.getString("message"));
      default -> {
        List<Object> errors = r.getJsonArray("errors").getList();
        ApiErrors.send(resp, 400, "invalid_judgment", String.join("; ", errors.stream().map(String::valueOf).toList()), errors);
      }
    }
  }

  private static List<Object> ndjson(String text) {
    List<Object> items = new ArrayList<>();
    int lineNo = 0;
    for (String line : text.split("\n")) {
      lineNo++;
      if (line.isBlank()) continue;
      try {
        items.add(Json.decodeValue(line));
      } catch (DecodeException bad) {
        // A broken line is that item's problem only: it is answered as invalid, the others go on.
        items.add("line " + lineNo + " is not valid JSON");
      }
    }
    return items;
  }

  private void withExperiment(RoutingContext ctx, java.util.function.Consumer<Experiment> then) {
    String id = ctx.pathParam("id");
    registry.get(id).ifPresentOrElse(entry -> then.accept(entry.experiment()),
        () -> ApiErrors.send(ctx.response(), 404, "unknown_experiment", "no experiment has id \"" + id + "\""));
  }

  private static void unavailable(RoutingContext ctx, Throwable err) {
    ApiErrors.send(ctx.response(), 503, "store_unavailable", "the event store did not answer: " + err.getMessage());
  }

  private static List<JsonObject> details(List<ValidationError> errors) {
    return errors.stream().map(e -> new JsonObject().put("pointer", e.pointer()).put("message", e.message())).toList();
  }

  static void json(HttpServerResponse resp, int status, JsonObject body) {
    resp.setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

}
