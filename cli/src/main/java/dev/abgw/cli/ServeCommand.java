package dev.abgw.cli;

import dev.abgw.cli.config.Settings;
import dev.abgw.gateway.Gateway;
import dev.abgw.gateway.GatewayConfig;
import dev.abgw.gateway.ShutdownSummary;
import dev.abgw.gateway.StartupException;
import dev.abgw.gateway.log.LogFormat;
import dev.abgw.gateway.log.LogSetup;
import dev.abgw.gateway.warmup.SelfWarmup;
import dev.abgw.gateway.warmup.WarmupPlan;
import dev.abgw.gateway.warmup.WarmupResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code abgw serve}: run the gateway until interrupted. */
public final class ServeCommand {
  public static final String HELP = """
      Usage: abgw serve [flags]

      Runs the proxy and the admin API. Without --redis (or REDIS_URL) it uses the embedded store in --data.

        --experiments DIR      load experiment definitions (*.json) from DIR and reload them when they change
        --port N               proxy port (default 8080)
        --bind HOST            proxy bind address (default 0.0.0.0)
        --admin-port N         admin API port (default 8081)
        --admin-bind HOST      admin bind address (default 127.0.0.1)
        --redis URL            Redis, e.g. redis://127.0.0.1:6379 (default: $REDIS_URL, else the embedded store);
                               a Redis Cluster: redis+cluster://HOST:PORT,HOST:PORT,... or several redis:// URLs
                               separated by commas (seed nodes)
        --redis-shards N       shards per experiment in Redis, each in one cluster slot (default: 6 on a
                               cluster, 1 on one Redis); fixed for a prefix: a gateway with another N refuses to start
        --redis-prefix P       key prefix in Redis (default abgw)
        --data DIR             embedded store directory (default ./data)
        --default-upstream URL where requests that match no experiment go (default: they get 404)
        --retention-hours N    how long request contexts and judgment ids are kept (default 168)
        --stream-max-len N     cap of each experiment's raw event stream in Redis (default 1000000)
        --max-body-mb N        largest request body read for a unit or segment (default 16)
        --timeseries-minute-hours N  report time series: minute buckets for the last N hours, hourly before
                               (0 to 48, default 6)
        --timeseries-max-hours N     report time series: hourly buckets kept, the oldest summed into the next
                               beyond it (1 to 8784, default 2160: 90 days)
        --event-loops N        proxy event loops (default: number of cores)
        --tokens FILE          tokens with roles, JSON [{"name", "role", "token"}], re-read when it changes;
                               roles: admin, reviewer, viewer, ingest (README: Login and roles)
        --dev-no-auth          local development only: run the admin API without a token (admin bind must be loopback)
        --client-body-timeout MS   a request body not complete within MS is answered 408, recorded client_slow (default 30000)
        --header-timeout-ms MS     close a connection that sends no complete request head within MS (default 10000)
        --max-requests-per-connection N  close a keep-alive connection after N requests (default 10000)
        --trust-forwarded      keep and append to the client's Forwarded / X-Forwarded-For (default: replace them)
        --redis-timeout-ms MS  every Redis command fails after MS without an answer (default 2000)
        --spool-dir DIR        where records wait while Redis does not answer (default DATA/spool)
        --spool-max-mb N       bound of the spool; records beyond it are dropped and counted (default 256)
        --log-format F         text (default) or json: one JSON object per line on stderr
        --access-log           log one line per proxied request (request id, experiment, variant, status,
                               latency, bytes) on the logger abgw.access
        --warmup-requests N    before /health/ready says ready, drive up to N synthetic requests through a throwaway
                               proxy, store and loopback upstream in this JVM, so the JIT has compiled the proxy
                               path when traffic comes; nothing of it reaches the store, /metrics, the access log
                               or traces (default %d; 0 skips it)
        --warmup-millis MS     stop the warm-up after MS even if N requests were not sent (default %d; 0 skips it)
        --drain-seconds N      on SIGTERM or SIGINT, how long in-flight requests get to finish (default 30)
        --config FILE          read settings from FILE (YAML, or JSON when it ends in .json): one key per flag
                               without its dashes, e.g. admin-port: 8081; a switch is true or false

      Every flag can also be set in the environment as ABGW_<FLAG> (--admin-port: ABGW_ADMIN_PORT) and in the
      --config file (also ABGW_CONFIG); precedence: flag > environment > file > default.
      ABGW_ADMIN_TOKEN (or admin-token in the file; never a flag): the admin bearer token, at least 16 characters.
      REDIS_URL is read for --redis when ABGW_REDIS is unset.
      """.formatted(WarmupPlan.DEFAULT_REQUESTS, WarmupPlan.DEFAULT_MAX_MILLIS);

  private static final Set<String> VALUED = Set.of("--experiments", "--port", "--bind", "--admin-port", "--admin-bind",
      "--redis", "--redis-prefix", "--redis-shards", "--data", "--default-upstream", "--retention-hours", "--stream-max-len",
      "--max-body-mb", "--event-loops", "--client-body-timeout", "--header-timeout-ms", "--max-requests-per-connection",
      "--redis-timeout-ms", "--spool-dir", "--spool-max-mb", "--tokens", "--timeseries-minute-hours",
      "--timeseries-max-hours",
      "--drain-seconds", "--log-format", "--warmup-requests", "--warmup-millis", Settings.CONFIG_FLAG);
  private static final Set<String> SWITCHES = Set.of("--dev-no-auth", "--trust-forwarded", "--access-log");
  /** Every line {@code serve} prints once logging is set up; the text format writes it as {@code abgw: MESSAGE}. */
  private static final Logger LOG = Logger.getLogger("abgw");
  /** Settings that only the environment and the config file may hold. */
  private static final Set<String> NOT_ON_COMMAND_LINE = Set.of("--admin-token");

  /** Bounds the whole start (store, proxy, admin API), so an address that never answers cannot hang it. */
  static final int START_TIMEOUT_SECONDS = 20;

  private ServeCommand() {}

  public static GatewayConfig config(String[] args) {
    return config(settings(args, System.getenv()));
  }

  /** The command line, the environment {@code env} and the {@code --config} file, resolved by precedence. */
  static Flags settings(String[] args, Map<String, String> env) {
    Flags cmd = Flags.parse(args, VALUED, SWITCHES);
    Set<String> valued = new HashSet<>(VALUED);
    valued.addAll(NOT_ON_COMMAND_LINE);
    try {
      Settings.Resolved r = Settings.resolve(cmd.values(), cmd.switches(), valued, SWITCHES,
          Map.of("--redis", "REDIS_URL"), env);
      return Flags.of(r.values(), r.switchesOn(), r.sources());
    } catch (Settings.ConfigException e) {
      throw new Flags.UsageException(e.getMessage());
    }
  }

  static GatewayConfig config(Flags f) {
    String redis = f.get("--redis", null);
    if (redis != null && !redis.isBlank()) {
      try {
        dev.abgw.gateway.store.RedisTarget.parse(redis);
      } catch (IllegalArgumentException e) {
        throw new Flags.UsageException(e.getMessage());
      }
    }
    String upstream = f.get("--default-upstream", null);
    URI defaultUpstream = null;
    if (upstream != null) {
      defaultUpstream = URI.create(upstream);
      if (defaultUpstream.getHost() == null || !(upstream.startsWith("http://") || upstream.startsWith("https://"))) {
        throw new Flags.UsageException("--default-upstream must be an absolute http or https URL (was " + upstream + ")");
      }
    }
    String token = f.get("--admin-token", null);
    if (token != null && token.isBlank()) token = null;
    try {
      return new GatewayConfig(f.get("--bind", "0.0.0.0"), f.intValue("--port", 8080, 0, 65535),
          f.get("--admin-bind", "127.0.0.1"), f.intValue("--admin-port", 8081, 0, 65535),
          f.has("--experiments") ? Path.of(f.get("--experiments", null)) : null,
          redis == null || redis.isBlank() ? null : redis, f.get("--redis-prefix", "abgw"),
          Path.of(f.get("--data", "data")), defaultUpstream, token, f.has("--dev-no-auth"),
          Duration.ofHours(f.intValue("--retention-hours", 168, 1, 24 * 3650)),
          f.intValue("--stream-max-len", 1_000_000, 1000, Integer.MAX_VALUE),
          f.intValue("--max-body-mb", 16, 1, 1024) * 1024 * 1024,
          f.intValue("--event-loops", Runtime.getRuntime().availableProcessors(), 1, 256), safeguards(f),
          f.has("--tokens") ? Path.of(f.get("--tokens", null)) : null,
          f.intValue("--redis-shards", dev.abgw.gateway.store.RedisEventStore.AUTO_SHARDS, 1, 1024),

          new dev.abgw.analysis.cell.TimeSeriesBounds(
              f.intValue("--timeseries-minute-hours", dev.abgw.analysis.cell.TimeSeriesBounds.DEFAULT.minuteHours(), 0, 48),
              f.intValue("--timeseries-max-hours", dev.abgw.analysis.cell.TimeSeriesBounds.DEFAULT.maxHourlyBuckets(), 1,
                  24 * 366)));
    } catch (IllegalArgumentException e) {
      throw new Flags.UsageException(e.getMessage());
    }
  }

  private static dev.abgw.gateway.config.Safeguards safeguards(Flags f) {
    dev.abgw.gateway.config.Safeguards d = dev.abgw.gateway.config.Safeguards.defaults();
    return new dev.abgw.gateway.config.Safeguards(
        f.intValue("--client-body-timeout", (int) d.clientBodyTimeoutMillis(), 1, Integer.MAX_VALUE),
        f.intValue("--header-timeout-ms", (int) d.headerTimeoutMillis(), 1, Integer.MAX_VALUE),
        f.intValue("--max-requests-per-connection", d.maxRequestsPerConnection(), 1, Integer.MAX_VALUE),
        f.has("--trust-forwarded"),
        f.intValue("--redis-timeout-ms", (int) d.redisTimeoutMillis(), 1, Integer.MAX_VALUE),
        f.has("--spool-dir") ? Path.of(f.get("--spool-dir", null)) : null,
        f.intValue("--spool-max-mb", (int) (d.spoolMaxBytes() >> 20), 1, 1024 * 1024) * 1024L * 1024L);
  }

  /** Starts the gateway and prints where it listens. */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig cfg) {
    return start(vertx, cfg, java.time.Clock.systemUTC());
  }

  /** As above, with every timestamp from {@code clock} (the demo's spread-out event time). */
  static Future<Gateway> start(Vertx vertx, GatewayConfig cfg, java.time.Clock clock) {
    return start(vertx, cfg, clock, Future.succeededFuture());
  }

  /** As above, {@code /health/ready} answering 503 until {@code readyAfter} completes. */
  static Future<Gateway> start(Vertx vertx, GatewayConfig cfg, java.time.Clock clock, Future<?> readyAfter) {
    return Gateway.start(vertx, cfg, LOG::info, clock, readyAfter).onSuccess(g -> {
      LOG.info("proxy on " + cfg.bindHost() + ":" + g.proxyPort() + ", admin API on "
          + cfg.adminBindHost() + ":" + g.adminPort() + ", store: "
          + (cfg.redisUrl() != null ? "redis " + cfg.redisUrl() : "embedded in " + cfg.dataDir().toAbsolutePath())
          + (cfg.adminToken() == null && cfg.tokensFile() == null ? " (admin API without auth: --dev-no-auth)" : "")
          + (vertx.isNativeTransportEnabled() ? ", transport: epoll" : ", transport: nio"));
    });
  }

  public static int run(String[] args) throws Exception {
    Flags f = settings(args, System.getenv());
    GatewayConfig cfg = config(f);
    int drainSeconds = f.intValue("--drain-seconds", 30, 0, 3600);
    WarmupPlan warmup = warmupPlan(f, cfg.proxyInstances());
    try {
      LogSetup.configure(LogFormat.of(f.get("--log-format", "text")), f.has("--access-log"));
    } catch (IllegalArgumentException e) {
      throw new Flags.UsageException(e.getMessage());
    }
    // Installed before the start, so a SIGTERM during a slow start still ends the process cleanly.
    StopSignals stop = StopSignals.install();
    // epoll where Netty can load it (Linux), else NIO; the startup line says which.
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    io.vertx.core.Promise<Void> warmedUp = io.vertx.core.Promise.promise();
    Gateway g;
    try {
      g = start(vertx, cfg, java.time.Clock.systemUTC(), warmedUp.future()).toCompletionStage().toCompletableFuture()
          .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.severe("cannot start: " + (cause instanceof StartupException ? cause.getMessage()
          : cause instanceof TimeoutException ? "not started within " + START_TIMEOUT_SECONDS + " s"
          : String.valueOf(cause)));
      closeQuietly(vertx);
      return 1;
    }
    // Ports are open (a taken one failed above, at once); /health/ready says 503 until the JIT has seen the proxy path.
    String signal = warmUp(vertx, warmup, stop);
    if (signal == null) {
      warmedUp.complete();
      signal = stop.await();
    }
    LOG.info(signal + ": draining in-flight requests (at most " + drainSeconds + " s), then flushing");
    try {
      ShutdownSummary summary = g.shutdown(drainSeconds * 1000L).toCompletionStage().toCompletableFuture()
          .get(drainSeconds + 30L, TimeUnit.SECONDS);
      LOG.info(summary.line());
    } catch (ExecutionException | TimeoutException e) {
      LOG.severe("shutdown did not complete: " + (e instanceof ExecutionException ? e.getCause() : e));
      closeQuietly(vertx);
      return 1;
    }
    closeQuietly(vertx);
    return 0;
  }

  private static WarmupPlan warmupPlan(Flags f, int eventLoops) {
    return WarmupPlan.of(f.intValue("--warmup-requests", WarmupPlan.DEFAULT_REQUESTS, 0, 10_000_000),
        f.intValue("--warmup-millis", (int) WarmupPlan.DEFAULT_MAX_MILLIS, 0, 600_000), eventLoops);
  }

  /**
   * The self warm-up ({@link SelfWarmup}), after the real gateway opened its ports and before it says it is ready. A
   * warm-up that fails only costs the warm start: it is logged and the gateway becomes ready anyway. A stop signal
   * during it ends it (no new synthetic request; those in flight finish) and is returned, so the drain starts at once;
   * null when none came.
   */
  private static String warmUp(Vertx vertx, WarmupPlan plan, StopSignals stop) throws InterruptedException {
    if (plan.disabled()) {
      LOG.info("warm-up: skipped (--warmup-requests 0 or --warmup-millis 0); ready");
      return null;
    }
    java.util.concurrent.atomic.AtomicBoolean cancel = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.CompletableFuture<WarmupResult> running = SelfWarmup.run(vertx, plan, cancel::get)
        .toCompletionStage().toCompletableFuture();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(plan.maxMillis() + START_TIMEOUT_SECONDS * 1000L);
    String signal = null;
    while (!running.isDone() && signal == null && System.nanoTime() < deadline) signal = stop.poll(20);
    if (signal != null) cancel.set(true);
    try {
      WarmupResult r = running.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      LOG.info(r.line() + (signal == null ? "; ready" : ""));
    } catch (ExecutionException | TimeoutException e) {
      LOG.warning("warm-up failed, becoming ready without it: " + (e instanceof ExecutionException ? e.getCause() : e));
    }
    return signal;
  }

  private static void closeQuietly(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // The process exits next; nothing is left to release.
    }
  }
}
