package dev.abgw.gateway.admin;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentJson;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;
import dev.abgw.experiments.Status;
import dev.abgw.experiments.ValidationError;
import dev.abgw.analysis.event.JudgmentStatus;
import dev.abgw.gateway.auth.Access;
import dev.abgw.gateway.auth.AdminAuth;
import dev.abgw.gateway.http.ApiErrors;
import dev.abgw.gateway.ui.UiPages;
import dev.abgw.gateway.registry.ExperimentRegistry;
import dev.abgw.gateway.metrics.GatewayMetrics;
import dev.abgw.analysis.report.ReportPage;
import dev.abgw.gateway.monitor.History;
import dev.abgw.gateway.monitor.HistoryAction;
import dev.abgw.gateway.report.ReportService;
import dev.abgw.gateway.store.EventStore;
import dev.abgw.gateway.store.StoreUnavailableException;
import dev.abgw.stats.report.ReportJson;
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
  private static final System.Logger LOG = System.getLogger(AdminApi.class.getName());

  private final Vertx vertx;
  private final ExperimentRegistry registry;
  private final EventStore store;
  private final JudgmentService judgments;
  private final ReportService reports;
  private final GatewayMetrics metrics;
  private final AdminAuth auth;
  private final UiPages ui;
  private final EventExport exports;
  private final History history;
  private java.util.function.BooleanSupplier ready = () -> true;

  public AdminApi(Vertx vertx, ExperimentRegistry registry, EventStore store, JudgmentService judgments,
                  ReportService reports, GatewayMetrics metrics, AdminAuth auth) {
    this(vertx, registry, store, judgments, reports, metrics, auth, null);
  }

  /** With {@code history}: every change is recorded, and {@code GET /experiments/{id}/history} lists them. */
  public AdminApi(Vertx vertx, ExperimentRegistry registry, EventStore store, JudgmentService judgments,
                  ReportService reports, GatewayMetrics metrics, AdminAuth auth, History history) {
    this.history = history;
    this.vertx = vertx;
    this.registry = registry;
    this.store = store;
    this.judgments = judgments;
    this.reports = reports;
    this.metrics = metrics;
    this.auth = auth;
    this.ui = new UiPages(registry, reports, auth);
    this.exports = new EventExport(store);
  }

  public Router router() {
    Router r = Router.router(vertx);
    r.get("/health").handler(this::health);
    r.get("/health/ready").handler(this::ready);
    r.route().handler(auth.identify());
    r.route().handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES).setHandleFileUploads(false));
    // Every route names what it needs (gateway.auth.Access); RouteAccessTest reads these routes back from the router.
    r.get("/login").handler(auth.require(Access.PUBLIC, true)).handler(ui::loginForm);
    r.post("/login").handler(auth.require(Access.PUBLIC, true)).handler(ui::login);
    r.post("/logout").handler(auth.require(Access.SIGNED_IN, true)).handler(ui::logout);
    r.get("/").handler(auth.require(Access.READ, true)).handler(ui::index);
    // The same index under /ui/ (and /ui), for proxies that route the pages by a path prefix.
    r.get("/ui").handler(auth.require(Access.READ, true)).handler(ui::index);
    r.get("/ui/").handler(auth.require(Access.READ, true)).handler(ui::index);
    r.get("/metrics").handler(auth.require(Access.READ, false)).handler(this::metrics);
    r.get("/experiments").handler(auth.require(Access.READ, false)).handler(this::listExperiments);
    r.put("/experiments/:id").handler(auth.require(Access.ADMIN, false)).handler(this::putExperiment);
    r.get("/experiments/:id").handler(auth.require(Access.READ, false)).handler(this::getExperiment);
    r.post("/experiments/:id/start").handler(auth.require(Access.ADMIN, false)).handler(ctx -> setStatus(ctx, Status.RUNNING));
    r.post("/experiments/:id/pause").handler(auth.require(Access.ADMIN, false)).handler(ctx -> setStatus(ctx, Status.PAUSED));
    r.post("/experiments/:id/stop").handler(auth.require(Access.ADMIN, false)).handler(ctx -> setStatus(ctx, Status.STOPPED));
    // Archive, never erase: the route is freed, the recorded data and the definition stay readable.
    r.delete("/experiments/:id").handler(auth.require(Access.ADMIN, false)).handler(ctx -> setStatus(ctx, Status.ARCHIVED));
    r.get("/experiments/:id/report").handler(auth.require(Access.READ, false)).handler(this::report);
    r.get("/experiments/:id/report.html").handler(auth.require(Access.READ, true)).handler(this::reportPage);
    r.get("/experiments/:id/export").handler(auth.require(Access.READ, false)).handler(this::export);
    r.get("/experiments/:id/history").handler(auth.require(Access.READ, false)).handler(this::history);
    r.post("/judgments").handler(auth.require(Access.JUDGE, false)).handler(this::postJudgments);
    // An unknown route answers 404 to a signed-in caller only: the others learn nothing about what exists.
    r.route().handler(auth.require(Access.SIGNED_IN, false));
    r.route().last().handler(ctx -> ApiErrors.send(ctx.response(), 404, "not_found",
        "no admin route " + ctx.request().method() + " " + ctx.request().path()));
    // Every 4xx the router itself produces gets the JSON error body too (e.g. PUT /experiments/%zz is a 400).
    r.errorHandler(400, ctx -> ApiErrors.send(ctx.response(), 400, "bad_request",
        "the request cannot be read: " + (ctx.failure() == null ? ctx.request().method() + " " + ctx.request().uri()
            : ctx.failure().getMessage())));
    r.errorHandler(406, ctx -> ApiErrors.send(ctx.response(), 406, "not_acceptable", "no acceptable representation"));
    r.errorHandler(415, ctx -> ApiErrors.send(ctx.response(), 415, "unsupported_media_type",
        "unsupported content-type " + ctx.request().getHeader("content-type")));
    r.errorHandler(413, ctx -> ApiErrors.send(ctx.response(), 413, "body_too_large",
        "request body is larger than " + MAX_BODY_BYTES + " bytes"));
    r.errorHandler(405, ctx -> ApiErrors.send(ctx.response(), 405, "method_not_allowed",
        ctx.request().method() + " is not allowed on " + ctx.request().path()));
    r.errorHandler(500, ctx -> {
      LOG.log(System.Logger.Level.ERROR, "internal error on " + ctx.request().method() + " " + ctx.request().path(),
          ctx.failure());
      ApiErrors.send(ctx.response(), 500, "internal",
          "internal error: " + (ctx.failure() == null ? "unknown" : ctx.failure().getMessage()));
    });
    return r;
  }

  /** 200 while the gateway serves; {@code status} is {@code degraded} (with the store's reasons) when it keeps data some other way. */
  private void health(RoutingContext ctx) {
    var h = store.health();
    JsonObject body = new JsonObject().put("status", h.degraded() ? "degraded" : "ok")
        .put("experiments", registry.all().size());
    if (!h.problems().isEmpty() || !h.gauges().isEmpty()) {
      body.put("store", new JsonObject().put("problems", new JsonArray(h.problems()))
          .put("gauges", new JsonObject(new java.util.TreeMap<String, Object>(h.gauges()))));
    }
    json(ctx.response(), 200, body);
  }

  /** Where {@code GET /health/ready} reads whether the gateway takes traffic (always, unless set). */
  public AdminApi readiness(java.util.function.BooleanSupplier ready) {
    this.ready = ready;
    return this;
  }

  /**
   * Readiness, for a load balancer: 200 {@code ready} while the gateway wants traffic; 503 {@code not_ready} before
   * (while {@code abgw serve} runs its self warm-up) and once it drains for a stop. {@code /health} is liveness.
   */
  private void ready(RoutingContext ctx) {
    if (ready.getAsBoolean()) {
      json(ctx.response(), 200, new JsonObject().put("status", "ready"));
    } else {
      ApiErrors.send(ctx.response(), 503, "not_ready",
          "the gateway is warming up or draining for a stop, and wants no traffic now (GET /health says whether it is alive)");
    }
  }

  private void metrics(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "text/plain; version=0.0.4")
        .end(metrics.render() + StoreGauges.render(store.health()));
  }

  private void listExperiments(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    for (Experiment e : registry.all()) out.add(new JsonObject(ExperimentJson.toJson(e)));
    // Saved definitions that no longer validate are not served, and said so here with every error.
    JsonArray invalid = new JsonArray();
    registry.refusedSaved().forEach((id, errors) ->
        invalid.add(new JsonObject().put("id", id).put("errors", new JsonArray(details(errors)))));
    json(ctx.response(), 200, new JsonObject().put("experiments", out).put("invalid", invalid));
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
    DefinitionGuard.Problem tooLarge = DefinitionGuard.tooLarge(ctx.body().length());
    if (tooLarge != null) {
      ApiErrors.send(ctx.response(), 413, "body_too_large", tooLarge.message(), List.of(tooLarge.toJson()));
      return;
    }
    String text = ctx.body().asString(StandardCharsets.UTF_8.name());
    List<DefinitionGuard.Problem> unsafe = DefinitionGuard.problems(text == null ? "" : text);
    if (!unsafe.isEmpty()) {
      ApiErrors.send(ctx.response(), 422, "invalid_experiment", unsafe.size()
          + " problem(s) in the experiment definition; nothing was changed",
          unsafe.stream().map(DefinitionGuard.Problem::toJson).toList());
      return;
    }
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
          List.of(ApiErrors.detail("/id", "/id must equal \"" + id + "\" (was \"" + e.id() + "\")")));
      return;
    }
    boolean created = registry.get(id).isEmpty();
    save(e).compose(v -> recordChange(ctx, e, created ? HistoryAction.CREATED : HistoryAction.UPDATED)).onSuccess(v -> json(ctx.response(), created ? 201 : 200, new JsonObject(ExperimentJson.toJson(e))))
        .onFailure(err -> failed(ctx, err));
  }

  private void setStatus(RoutingContext ctx, Status status) {
    withExperiment(ctx, e -> {
      Experiment next = e.withStatus(status);
      HistoryAction action = status == Status.RUNNING ? HistoryAction.STARTED
          : status == Status.PAUSED ? HistoryAction.PAUSED : HistoryAction.STOPPED;
      save(next).compose(v -> recordChange(ctx, next, action)).onSuccess(v -> json(ctx.response(), 200, new JsonObject(ExperimentJson.toJson(next))))
          .onFailure(err -> failed(ctx, err));
    });
  }

  /** Persists first, then serves: a definition the store did not take is never half-applied. */
  private Future<Void> save(Experiment e) {
    return store.putExperiment(e).onSuccess(v -> registry.put(e));
  }

  /** Records an admin change; a history the store did not take never undoes the change itself. */
  private Future<Void> recordChange(RoutingContext ctx, Experiment e, HistoryAction action) {
    if (history == null) return Future.succeededFuture();
    // The actor is the caller's role and token name (never the token): "admin:admin" for ABGW_ADMIN_TOKEN.
    String actor = AdminAuth.principal(ctx).map(p -> p.role().name().toLowerCase(java.util.Locale.ROOT) + ":" + p.name())
        .orElse("admin:unknown");
    return history.record(e, actor, action).recover(err -> Future.succeededFuture());
  }

  private void history(RoutingContext ctx) {
    withExperiment(ctx, e -> {
      if (history == null) {
        json(ctx.response(), 200, new JsonObject().put("experiment", e.id()).put("events", new JsonArray()));
        return;
      }
      history.store().history(e.id()).onSuccess(events -> {
        JsonArray out = new JsonArray();
        events.forEach(ev -> out.add(ev.toJson()));
        json(ctx.response(), 200, new JsonObject().put("experiment", e.id()).put("events", out));
      }).onFailure(err -> failed(ctx, err));
    });
  }

  /** The report with the variants the monitor rolled back, and why ({@code rollbacks}, empty when none). */
  /** The report with the treatments the monitor stopped and the evidence it recorded for each. */
  private Future<dev.abgw.stats.report.Report> withRollbacks(Experiment e, dev.abgw.stats.report.Report report) {
    if (history == null) return Future.succeededFuture(report);
    return history.store().stopped(e.id()).map(stopped -> {
      List<dev.abgw.stats.report.Rollback> rollbacks = new ArrayList<>();
      stopped.forEach((variant, evidence) -> rollbacks.add(new dev.abgw.stats.report.Rollback(variant, evidence.getMap())));
      return report.withRollbacks(rollbacks);
    });
  }

  private void report(RoutingContext ctx) {
    long start = System.nanoTime();
    withExperiment(ctx, e -> reports.report(e, registry.stopped(e.id())).compose(report -> withRollbacks(e, report))
        .onSuccess(report -> {
      // The report is encoded once, by the one writer of the typed report.
      String body = ReportJson.toJson(report);
      // Server-Timing (W3C): the gateway's own time for this report, store read to encoded JSON.
      String millis = String.format(java.util.Locale.ROOT, "%.3f", (System.nanoTime() - start) / 1e6);
      ctx.response().setStatusCode(200).putHeader("content-type", "application/json")
          .putHeader("server-timing", "report;dur=" + millis).end(body);
    }).onFailure(err -> failed(ctx, err)));
  }

  private void reportPage(RoutingContext ctx) {
    withExperiment(ctx, e -> reports.report(e, registry.stopped(e.id())).compose(report -> withRollbacks(e, report))
        .onSuccess(report -> UiPages.html(ctx.response(), 200, ReportPage.render(e, report, UiPages.chrome(ctx))))
        .onFailure(err -> failed(ctx, err)));
  }

  private void export(RoutingContext ctx) {
    withExperiment(ctx, e -> exports.send(ctx, e));
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
        for (JudgmentStatus s : JudgmentStatus.values()) summary.put(s.wire(), 0);
        for (JsonObject r : results) summary.put(r.getString("status"), summary.getInteger(r.getString("status")) + 1);
        json(ctx.response(), 200, new JsonObject().put("summary", summary).put("results", new JsonArray(results)));
      }
    }).onFailure(err -> failed(ctx, err));
  }

  /** A lone judgment answers with the status of its outcome, so simple clients need not parse a batch. */
  private static void singleResult(HttpServerResponse resp, JsonObject r) {
    switch (JudgmentStatus.fromWire(r.getString("status"))) {
      case STORED -> json(resp, 201, r);
      case DUPLICATE -> json(resp, 200, r);
      case UNKNOWN_REQUEST -> ApiErrors.send(resp, 404, "unknown_request", r.getString("message"));
      case INVALID -> {
        List<JsonObject> errors = r.getJsonArray("errors").stream().map(JsonObject.class::cast).toList();
        ApiErrors.send(resp, 400, "invalid_judgment",
            String.join("; ", errors.stream().map(e -> e.getString("message")).toList()), errors);
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

  private static void failed(RoutingContext ctx, Throwable err) {
    failed(ctx.response(), ctx.request().method() + " " + ctx.request().path(), err);
  }

  /**
   * A store that did not answer is 503 (try again later); anything else is a bug in the gateway: 500, and the
   * log gets the stack trace, so a bug never poses as an outage and an outage never as a bug.
   */
  static void failed(HttpServerResponse resp, String route, Throwable err) {
    if (err instanceof StoreUnavailableException) {
      ApiErrors.send(resp, 503, "store_unavailable", "the event store did not answer: " + err.getMessage());
      return;
    }
    LOG.log(System.Logger.Level.ERROR, "internal error on " + route, err);
    ApiErrors.send(resp, 500, "internal", "internal error on " + route + ": " + err);
  }

  private static List<JsonObject> details(List<ValidationError> errors) {
    return errors.stream().map(e -> ApiErrors.detail(e.pointer(), e.message())).toList();
  }

  static void json(HttpServerResponse resp, int status, JsonObject body) {
    resp.setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

}
