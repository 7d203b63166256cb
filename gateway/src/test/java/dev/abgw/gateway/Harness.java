package dev.abgw.gateway;

import static dev.abgw.gateway.Await.await;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real gateway on loopback ports with an embedded store in a temp directory, real upstream servers,
 * and a JDK HTTP client: no mocks anywhere.
 */
public final class Harness implements AutoCloseable {
  public static final String TOKEN = "test-admin-token-0123456789";

  public final Vertx vertx;
  public final Gateway gateway;
  /** The embedded store's directory (with Redis: where the spool lives). */
  public final Path dataDir;
  public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Harness(Vertx vertx, Gateway gateway, Path dataDir) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.dataDir = dataDir;
  }

  public static Harness start(Vertx vertx) {
    return start(vertx, null);
  }

  public static Harness start(Vertx vertx, String redisPrefix) {
    return start(vertx, redisPrefix, cfg -> cfg);
  }

  /** With {@code tweak} applied to the configuration (limits, another Redis...). */
  public static Harness start(Vertx vertx, String redisPrefix, java.util.function.UnaryOperator<GatewayConfig> tweak) {
    return start(vertx, redisPrefix, tweak, java.time.Clock.systemUTC());
  }

  /** As above, with every timestamp from {@code clock}. */
  public static Harness start(Vertx vertx, String redisPrefix, java.util.function.UnaryOperator<GatewayConfig> tweak,
                              java.time.Clock clock) {
    try {
      Path dir = Files.createTempDirectory("abgw-gw");
      GatewayConfig cfg = GatewayConfig.local(dir).withAdminToken(TOKEN);
      if (redisPrefix != null) cfg = cfg.withRedis(Await.redisUrl(), redisPrefix);
      cfg = tweak.apply(cfg);
      return new Harness(vertx, await(Gateway.start(vertx, cfg, msg -> { }, clock)), dir);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** A gateway on the embedded store with the admin token and {@code tweak} applied to its config (a tokens file, say). */
  public static Harness startWith(Vertx vertx, java.util.function.UnaryOperator<GatewayConfig> tweak) {
    return start(vertx, null, tweak);
  }

  public static HttpServer upstream(Vertx vertx, Handler<HttpServerRequest> handler) {
    return await(vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1"));
  }

  public static Experiment experiment(String json) {
    ParseResult r = ExperimentParser.parse(json);
    if (r instanceof ParseResult.Invalid inv) throw new AssertionError("test experiment invalid: " + inv.errors());
    return ((ParseResult.Valid) r).experiment();
  }

  /** A running two-arm experiment on {@code prefix}, unit from header X-User, both arms on the given upstreams. */
  public static Experiment twoArms(String id, String prefix, int portA, int portB, long timeoutMillis, String extraMetrics) {
    return experiment("""
        {"id": "%s", "status": "running", "route": {"pathPrefix": "%s"},
         "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:%d", "weight": 50, "timeoutMillis": %d},
                      {"name": "treatment", "upstream": "http://127.0.0.1:%d", "weight": 50, "timeoutMillis": %d}],
         "control": "control",
         "metrics": [{"name": "latency", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "latencyMs"},
                     {"name": "errors", "type": "binary", "direction": "decrease", "source": "proxy", "field": "error"},
                     {"name": "tokens", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "totalTokens"},
                     {"name": "score", "type": "continuous", "direction": "increase", "source": "judgment", "min": 1, "max": 5, "badBelow": 3},
                     {"name": "resolved", "type": "binary", "direction": "increase", "source": "judgment"}%s]}
        """.formatted(id, prefix, portA, timeoutMillis, portB, timeoutMillis, extraMetrics));
  }

  public void serve(Experiment e) {
    gateway.registry().put(e);
  }

  public URI proxy(String path) {
    return URI.create("http://127.0.0.1:" + gateway.proxyPort() + path);
  }

  public URI admin(String path) {
    return URI.create("http://127.0.0.1:" + gateway.adminPort() + path);
  }

  public HttpResponse<String> send(HttpRequest req) {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  public HttpResponse<String> adminGet(String path) {
    return send(HttpRequest.newBuilder(admin(path)).header("authorization", "Bearer " + TOKEN).GET().build());
  }

  public HttpResponse<String> adminPost(String path, String contentType, String body) {
    return send(HttpRequest.newBuilder(admin(path)).header("authorization", "Bearer " + TOKEN)
        .header("content-type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public HttpResponse<String> adminPut(String path, String body) {
    return send(HttpRequest.newBuilder(admin(path)).header("authorization", "Bearer " + TOKEN)
        .header("content-type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public void flush() {
    await(gateway.flush());
  }

  @Override
  public void close() {
    await(gateway.close());
  }
}
