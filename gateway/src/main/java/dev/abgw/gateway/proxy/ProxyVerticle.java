package dev.abgw.gateway.proxy;

import dev.abgw.gateway.registry.ExperimentRegistry;
import dev.abgw.gateway.metrics.GatewayMetrics;
import dev.abgw.gateway.record.Recorder;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;

/**
 * One proxy event loop: an HTTP server sharing the proxy port with its sibling instances, and its own
 * keep-alive client pools (per upstream host and port), so a request and its upstream call stay on one
 * thread.
 */
public final class ProxyVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final ExperimentRegistry registry;
  private final Recorder recorder;
  private final GatewayMetrics metrics;
  private final ProxySettings settings;
  private HttpServer server;
  private HttpClient client;

  public ProxyVerticle(String host, int port, ExperimentRegistry registry, Recorder recorder, GatewayMetrics metrics,
                       ProxySettings settings) {
    this.host = host;
    this.port = port;
    this.registry = registry;
    this.recorder = recorder;
    this.metrics = metrics;
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(60)
        .setTcpNoDelay(true).setDecompressionSupported(false),
        new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(100_000));
    // HTTP/1.1 only: an h2c upgrade of a request with a body is answered inconsistently by clients, and
    // nothing here serves HTTP/2.
    HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(false).setTcpNoDelay(true).setIdleTimeout(300)
        .setMaxInitialLineLength(16 * 1024).setMaxHeaderSize(64 * 1024).setHandle100ContinueAutomatically(true);
    server = vertx.createHttpServer(options);
    long headerTimeout = settings.safeguards().headerTimeoutMillis();
    server.connectionHandler(conn -> EdgeGuard.install(conn, options, headerTimeout));
    ProxyHandler handler = new ProxyHandler(vertx, client, registry, recorder, metrics, settings);
    int maxRequests = settings.safeguards().maxRequestsPerConnection();
    // Requests per connection, on this verticle's event loop only; entries go with their connection.
    java.util.Map<io.vertx.core.http.HttpConnection, int[]> served = new java.util.WeakHashMap<>();
    server.requestHandler(req -> {
      int[] n = served.computeIfAbsent(req.connection(), c -> new int[1]);
      if (++n[0] >= maxRequests) {
        // The bound is reached: this answer is the connection's last (pipelined requests after it are dropped).
        req.response().putHeader("connection", "close").endHandler(v -> req.connection().close());
      }
      handler.handle(req);
    });
    return server.listen(port, host);
  }

  public int actualPort() {
    return server.actualPort();
  }

  /**
   * Stops accepting connections and lets in-flight requests finish for at most {@code timeoutMillis}
   * (Vert.x's graceful shutdown: idle keep-alive connections close at once, busy ones after their answer).
   */
  public Future<Void> drain(long timeoutMillis) {
    return server.shutdown(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<?> stop() {
    return server.close().compose(v -> client.close());
  }
}
