package dev.abgw.cli;

import dev.abgw.gateway.Gateway;
import dev.abgw.gateway.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

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
        --redis URL            Redis, e.g. redis://127.0.0.1:6379 (default: $REDIS_URL, else the embedded store)
        --redis-prefix P       key prefix in Redis (default abgw)
        --data DIR             embedded store directory (default ./data)
        --default-upstream URL where requests that match no experiment go (default: they get 404)
        --retention-hours N    how long request contexts and judgment ids are kept (default 168)
        --stream-max-len N     cap of each experiment's raw event stream in Redis (default 1000000)
        --max-body-mb N        largest request body read for a unit or segment (default 16)
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

      Environment: ABGW_ADMIN_TOKEN (admin bearer token, at least 16 characters), REDIS_URL.
      """;

  private static final Set<String> VALUED = Set.of("--experiments", "--port", "--bind", "--admin-port", "--admin-bind",
      "--redis", "--redis-prefix", "--data", "--default-upstream", "--retention-hours", "--stream-max-len",
      "--max-body-mb", "--event-loops", "--client-body-timeout", "--header-timeout-ms", "--max-requests-per-connection",
      "--redis-timeout-ms", "--spool-dir", "--spool-max-mb", "--tokens");
  private static final Set<String> SWITCHES = Set.of("--dev-no-auth", "--trust-forwarded");

  private ServeCommand() {}

  public static GatewayConfig config(String[] args) {
    Flags f = Flags.parse(args, VALUED, SWITCHES);
    String redis = f.get("--redis", System.getenv("REDIS_URL"));
    String upstream = f.get("--default-upstream", null);
    URI defaultUpstream = null;
    if (upstream != null) {
      defaultUpstream = URI.create(upstream);
      if (defaultUpstream.getHost() == null || !(upstream.startsWith("http://") || upstream.startsWith("https://"))) {
        throw new Flags.UsageException("--default-upstream must be an absolute http or https URL (was " + upstream + ")");
      }
    }
    String token = System.getenv("ABGW_ADMIN_TOKEN");
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
          f.has("--tokens") ? Path.of(f.get("--tokens", null)) : null);
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
    return Gateway.start(vertx, cfg, msg -> System.err.println("abgw: " + msg)).onSuccess(g -> {
      System.err.println("abgw: proxy on " + cfg.bindHost() + ":" + g.proxyPort() + ", admin API on "
          + cfg.adminBindHost() + ":" + g.adminPort() + ", store: "
          + (cfg.redisUrl() != null ? "redis " + cfg.redisUrl() : "embedded in " + cfg.dataDir().toAbsolutePath())
          + (cfg.adminToken() == null && cfg.tokensFile() == null ? " (admin API without auth: --dev-no-auth)" : "")
          + (vertx.isNativeTransportEnabled() ? ", transport: epoll" : ", transport: nio"));
    });
  }

  public static int run(String[] args) throws Exception {
    GatewayConfig cfg = config(args);
    // epoll where Netty can load it (Linux), else NIO; the startup line says which.
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    Gateway g = start(vertx, cfg).toCompletionStage().toCompletableFuture().get();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        g.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("abgw: shutdown: " + e.getMessage());
      }
    }));
    Thread.currentThread().join();
    return 0;
  }
}
