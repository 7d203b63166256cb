package dev.abgw.gateway;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ValidationError;
import dev.abgw.gateway.registry.ExperimentFiles;
import dev.abgw.gateway.registry.ExperimentRegistry;
import dev.abgw.gateway.admin.AdminApi;
import dev.abgw.gateway.auth.AdminAuth;
import dev.abgw.gateway.auth.SessionStore;
import dev.abgw.gateway.auth.TokenRegistry;
import dev.abgw.gateway.admin.JudgmentService;
import dev.abgw.gateway.metrics.GatewayMetrics;
import dev.abgw.gateway.monitor.ControlStore;
import dev.abgw.gateway.monitor.EmbeddedControlStore;
import dev.abgw.gateway.monitor.GuardrailMonitor;
import dev.abgw.gateway.monitor.History;
import dev.abgw.gateway.monitor.HistoryAction;
import dev.abgw.gateway.monitor.RedisControlStore;
import dev.abgw.gateway.proxy.ProxySettings;
import dev.abgw.gateway.proxy.ProxyVerticle;
import dev.abgw.analysis.event.RequestIds;
import dev.abgw.gateway.record.ContextCache;
import dev.abgw.gateway.record.Recorder;
import dev.abgw.gateway.report.ReportService;
import dev.abgw.gateway.store.EmbeddedEventStore;
import dev.abgw.gateway.store.EventStore;
import dev.abgw.gateway.store.FailureTaggingStore;
import dev.abgw.gateway.store.RedisEventStore;
import dev.abgw.gateway.telemetry.Tracing;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A running gateway: the store, the experiment registry, the proxy on its port and the admin API on
 * its own. {@link #start} wires them in one place; {@link #close} flushes what is recorded, then stops.
 */
public final class Gateway {
  private final Vertx vertx;
  private final EventStore store;
  private final Recorder recorder;
  private final ExperimentRegistry registry;
  private final HttpServer admin;
  private final List<String> proxyDeployments;
  private final List<ProxyVerticle> proxies;
  private final GatewayMetrics metrics;
  private final Tracing tracing;
  private final int proxyPort;
  private final long watchTimer;
  private GuardrailMonitor monitor;
  private ControlStore control;
  private final long tokensTimer;
  private final io.vertx.ext.web.Router adminRouter;
  /** What {@code GET /health/ready} says: true once {@code readyAfter} of {@link #start} is complete, false once {@link #shutdown} begins. */
  private final java.util.function.BooleanSupplier ready;
  private final java.util.concurrent.atomic.AtomicBoolean draining;
  /** How long a browser session lives on the server after sign-in (the cookie's Max-Age says the same). */
  static final Duration SESSION_TTL = Duration.ofHours(8);

  private Gateway(Vertx vertx, EventStore store, Recorder recorder, ExperimentRegistry registry, HttpServer admin,
                  List<String> proxyDeployments, List<ProxyVerticle> proxies, GatewayMetrics metrics, Tracing tracing,
                  int proxyPort, long watchTimer, long tokensTimer, io.vertx.ext.web.Router adminRouter,
                  java.util.function.BooleanSupplier ready, java.util.concurrent.atomic.AtomicBoolean draining) {
    this.tracing = tracing;
    this.ready = ready;
    this.draining = draining;
    this.vertx = vertx;
    this.store = store;
    this.recorder = recorder;
    this.registry = registry;
    this.admin = admin;
    this.proxyDeployments = proxyDeployments;
    this.proxies = List.copyOf(proxies);
    this.metrics = metrics;
    this.proxyPort = proxyPort;
    this.watchTimer = watchTimer;
    this.tokensTimer = tokensTimer;
    this.adminRouter = adminRouter;
  }

  public static Future<Gateway> start(Vertx vertx, GatewayConfig cfg, Consumer<String> log) {
    return start(vertx, cfg, log, Clock.systemUTC());
  }

  /** As above, with every timestamp (requests, judgments, store retention, reports) from {@code clock}. */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig cfg, Consumer<String> log, Clock clock) {
    Tracing tracing;
    try {
      tracing = Tracing.fromEnvironment();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new StartupException("cannot set up tracing: " + e.getMessage(), e));
    }
    return start(vertx, cfg, log, clock, tracing);
  }

  /**
   * As above, with {@code GET /health/ready} answering 503 until {@code readyAfter} is complete ({@code abgw serve}
   * completes it after its self warm-up); the proxy serves meanwhile, a load balancer just sends it nothing yet.
   */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig cfg, Consumer<String> log, Clock clock,
                                      Future<?> readyAfter) {
    Tracing tracing;
    try {
      tracing = Tracing.fromEnvironment();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new StartupException("cannot set up tracing: " + e.getMessage(), e));
    }
    return start(vertx, cfg, log, clock, tracing, readyAfter);
  }

  /** As above, with the proxy's spans made by {@code tracing} (closed with the gateway), ready at once. */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig cfg, Consumer<String> log, Clock clock,
                                      Tracing tracing) {
    return start(vertx, cfg, log, clock, tracing, Future.succeededFuture());
  }

  private static Future<Gateway> start(Vertx vertx, GatewayConfig cfg, Consumer<String> log, Clock clock,
                                       Tracing tracing, Future<?> readyAfter) {
    if (cfg.experimentsDir() != null && !java.nio.file.Files.isDirectory(cfg.experimentsDir())) {
      return Future.failedFuture(new StartupException("cannot read experiments directory " + cfg.experimentsDir()
          + ": " + (java.nio.file.Files.exists(cfg.experimentsDir()) ? "not a directory" : "no such directory"), null));
    }
    if (cfg.experimentsDir() != null && !java.nio.file.Files.isReadable(cfg.experimentsDir())) {
      return Future.failedFuture(new StartupException("cannot read experiments directory " + cfg.experimentsDir()
          + ": permission denied", null));
    }
    TokenRegistry tokens;
    try {
      tokens = TokenRegistry.load(cfg.adminToken(), cfg.tokensFile(), log);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return openStore(vertx, cfg, clock).map(FailureTaggingStore::tag).compose(store -> openControl(vertx, cfg).compose(control -> {
      History history = new History(control, clock);
      return start(vertx, cfg, log, clock, store, history, tokens, tracing, readyAfter).compose(gw -> {
        gw.control = control;
        gw.monitor = new GuardrailMonitor(vertx, gw.registry, store, history, RequestIds.newId().substring(0, 12),
            clock, log);
        gw.metrics.addSection(gw.monitor::render);
        return gw.monitor.start().map(v -> gw);
      });
    }));
  }

  private static Future<ControlStore> openControl(Vertx vertx, GatewayConfig cfg) {
    return cfg.redisUrl() != null ? RedisControlStore.connect(vertx, cfg.redisUrl(), cfg.redisPrefix())
        : EmbeddedControlStore.open(vertx, cfg.dataDir());
  }

  /** A file definition whose version differs from the last one in the history is recorded as loaded by {@code file}. */
  private static void recordFileLoad(History history, Experiment e) {
    String version = History.version(e);
    history.store().history(e.id()).compose(events -> events.isEmpty()
            || !events.get(events.size() - 1).version().equals(version)
        ? history.record(e, History.FILE, HistoryAction.LOADED) : Future.<Void>succeededFuture());
  }

  private static Future<Gateway> start(Vertx vertx, GatewayConfig cfg, Consumer<String> log, Clock clock,
                                       EventStore store, History history,
                                       TokenRegistry tokens, Tracing tracing, Future<?> readyAfter) {
      ExperimentRegistry registry = new ExperimentRegistry();
      GatewayMetrics metrics = new GatewayMetrics();
      metrics.resilience().circuits(registry::circuitRows);
      ContextCache contexts = new ContextCache(store, 1_000_000, minimum(cfg.retention(), Duration.ofHours(1)));
      Recorder recorder = new Recorder(vertx, store, contexts, metrics, RequestIds.newId().substring(0, 12),
          500_000, 5, 2000);
      ExperimentFiles files = cfg.experimentsDir() == null ? null
          : new ExperimentFiles(cfg.experimentsDir(), e -> {
            registry.put(e);
            recordFileLoad(history, e);
          }, log);
      if (files != null) log.accept("loaded " + files.scan() + " experiment(s) from " + cfg.experimentsDir());
      return store.experiments().compose(saved -> {
        // Admin API changes are persisted and win over the files at start; a file edited while running applies at once.
        for (Experiment e : saved.valid()) registry.put(e);
        saved.invalid().forEach((id, errors) -> {
          registry.refuseSaved(id, errors);
          StringBuilder msg = new StringBuilder("saved experiment " + id + " no longer validates and is not served ("
              + errors.size() + " problem(s); GET /experiments lists them; PUT a corrected definition to serve it):");
          for (ValidationError err : errors) msg.append("\n  ").append(err.message());
          log.accept(msg.toString());
        });
        ProxySettings settings = new ProxySettings(cfg.defaultUpstream(), 60_000, cfg.maxBufferedBodyBytes(), cfg.adminToken(),
            clock, cfg.safeguards(), tracing);
        AtomicInteger port = new AtomicInteger();
        List<ProxyVerticle> verticles = new ArrayList<>();
        Future<String> deployed = vertx.deployVerticle(() -> {
          ProxyVerticle v = new ProxyVerticle(cfg.bindHost(), cfg.port(), registry, recorder, metrics, settings);
          synchronized (verticles) {
            verticles.add(v);
          }
          return v;
        }, new DeploymentOptions().setInstances(cfg.proxyInstances())).recover(err -> Future.failedFuture(
            new StartupException("cannot listen on " + cfg.bindHost() + ":" + cfg.port() + " (--port, the proxy): "
                + StartupException.reason(err), err)));
        return deployed.compose(id -> {
          port.set(verticles.get(0).actualPort());
          JudgmentService judgments = new JudgmentService(registry, contexts, store, recorder, metrics, clock);
          AdminAuth auth = new AdminAuth(tokens, new SessionStore(clock, SESSION_TTL, 10_000));
          AdminApi api = new AdminApi(vertx, registry, store, judgments, new ReportService(store, clock), metrics, auth,
              history);
          long tokensTimer = tokens.watch(vertx, 1000);
          java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();
          java.util.function.BooleanSupplier ready = () -> readyAfter.isComplete() && !draining.get();
          io.vertx.ext.web.Router adminRouter = api.readiness(ready).router();
          return vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setHttp2ClearTextEnabled(false))
              .requestHandler(adminRouter).listen(cfg.adminPort(), cfg.adminBindHost())
              .recover(err -> vertx.undeploy(id).transform(ignored -> Future.failedFuture(new StartupException(
                  "cannot listen on " + cfg.adminBindHost() + ":" + cfg.adminPort() + " (--admin-port, the admin API): "
                      + StartupException.reason(err), err))))
              .map(adminServer -> new Gateway(vertx, store, recorder, registry, adminServer, List.of(id), verticles,
                  metrics, tracing, port.get(), files == null ? -1 : files.watch(vertx), tokensTimer, adminRouter, ready, draining));
        });
      });
  }

  private static Duration minimum(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }

  private static Future<EventStore> openStore(Vertx vertx, GatewayConfig cfg, Clock clock) {
    if (cfg.redisUrl() != null) {
      return RedisEventStore.connect(vertx, cfg.redisUrl(), cfg.redisPrefix(), cfg.retention().toSeconds(),
          cfg.streamMaxLen(), cfg.safeguards().redisTimeoutMillis(), cfg.spoolDir(), cfg.safeguards().spoolMaxBytes(),
          cfg.redisShards(), cfg.timeSeries())
          .<EventStore>map(s -> s).recover(err -> Future.failedFuture(new StartupException(
              "cannot reach Redis at " + StartupException.redact(cfg.redisUrl()) + ": " + StartupException.reason(err), err)));
    }
    return vertx.executeBlocking(() -> (EventStore) EmbeddedEventStore.open(cfg.dataDir(), clock,
        cfg.retention().toMillis(), EmbeddedEventStore.DEFAULT_MAX_CONTEXTS, cfg.timeSeries())).recover(err -> Future.failedFuture(new StartupException(
            "cannot open the embedded store in " + cfg.dataDir().toAbsolutePath() + ": " + StartupException.reason(err), err)));
  }

  public int proxyPort() {
    return proxyPort;
  }

  public int adminPort() {
    return admin.actualPort();
  }

  /** The admin port's routes, as declared (a test reads them to prove every route checks a role). */
  public List<io.vertx.ext.web.Route> adminRoutes() {
    return adminRouter.getRoutes();
  }

  public ExperimentRegistry registry() {
    return registry;
  }

  public EventStore store() {
    return store;
  }

  /** The guardrail monitor of this instance. */
  public GuardrailMonitor monitor() {
    return monitor;
  }

  /** Whether {@code GET /health/ready} answers 200: once {@code readyAfter} is complete, until {@link #shutdown} begins. */
  public boolean ready() {
    return ready.getAsBoolean();
  }

  /** Writes out everything recorded so far (records and tail histograms). */
  public Future<Void> flush() {
    return recorder.flush().compose(v -> recorder.publishHistograms());
  }

  /**
   * Stops gracefully: the proxy stops accepting and its in-flight requests get at most {@code drainMillis} to
   * finish, then the admin API stops and the recorder flushes every record to the store before it closes.
   */
  public Future<ShutdownSummary> shutdown(long drainMillis) {
    draining.set(true);
    long startNanos = System.nanoTime();
    long inFlight = metrics.inFlight();
    long written = metrics.storeWritten();
    long dropped = metrics.dropped();
    long failed = metrics.storeFailures();
    List<Future<Void>> drains = new ArrayList<>();
    for (ProxyVerticle p : proxies) drains.add(p.drain(drainMillis));
    return Future.join(drains).transform(ignored -> {
      long unfinished = metrics.inFlight();
      return close().map(v -> new ShutdownSummary(inFlight, Math.max(0, inFlight - unfinished),
          metrics.storeWritten() - written, metrics.dropped() - dropped, metrics.storeFailures() - failed,
          (System.nanoTime() - startNanos) / 1_000_000));
    });
  }

  public Future<Void> close() {
    if (watchTimer >= 0) vertx.cancelTimer(watchTimer);
    if (tokensTimer >= 0) vertx.cancelTimer(tokensTimer);
    List<Future<?>> undeploy = new ArrayList<>();
    for (String id : proxyDeployments) undeploy.add(vertx.undeploy(id));
    Future<Void> stopMonitor = monitor == null ? Future.succeededFuture() : monitor.close();
    return stopMonitor.compose(x -> Future.all(undeploy)).compose(v -> admin.close()).compose(v -> recorder.close())
        .compose(v -> control == null ? Future.succeededFuture() : control.close())
        .compose(v -> store.close()).onComplete(v -> metrics.close())
        .eventually(() -> vertx.executeBlocking(() -> {
          tracing.close(); // exports the spans still buffered
          return null;
        }));
  }
}
