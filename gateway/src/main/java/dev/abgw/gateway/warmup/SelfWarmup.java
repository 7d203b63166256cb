package dev.abgw.gateway.warmup;

import dev.abgw.experiments.Experiment;
import dev.abgw.gateway.Gateway;
import dev.abgw.gateway.GatewayConfig;
import dev.abgw.gateway.log.AccessLog;
import dev.abgw.analysis.event.RequestIds;
import dev.abgw.gateway.telemetry.Tracing;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Compiles the proxy path before the real gateway takes traffic. The JDK's AOT cache (JEP 483, 515) holds loaded
 * classes and method profiles but no compiled code, so a fresh JVM still interprets and compiles its first
 * thousands of requests, and on a small machine those queue behind the JIT. This drives synthetic requests
 * through the real code (proxy handler, assigner, forwarder, response sniffer, recorder, embedded store encoding)
 * of a throwaway {@link Gateway} in the same JVM: its own embedded store in a temporary directory (deleted after),
 * its own metrics, no tracing, ephemeral loopback ports, an internal experiment and a {@link LoopbackUpstream}.
 * Nothing of it reaches the user's store, {@code /metrics}, traces, reports or access log (a JVM-wide logger: the
 * internal experiment is excluded from it while the warm-up runs). The throwaway gateway is closed, and its directory
 * deleted, before the future completes.
 */
public final class SelfWarmup {
  /** The internal experiment's id starts with this; a random suffix keeps it apart from any user's. */
  static final String EXPERIMENT_PREFIX = "abgw-warmup-";
  static final String ROUTE = "/abgw-warmup/v1/chat/completions";
  static final String UNIT_HEADER = "x-warmup-user";
  private static final Buffer BODY = Buffer.buffer(
      "{\"model\":\"warmup\",\"messages\":[{\"role\":\"user\",\"content\":\"How do I reset my password?\"}]}");
  private static final Buffer STREAM_BODY = Buffer.buffer(
      "{\"model\":\"warmup\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"How do I reset my password?\"}]}");
  /** One request in this many asks for an SSE answer. */
  private static final int STREAM_EVERY = 8;

  private SelfWarmup() {}

  /** Runs {@code plan} (nothing when it is disabled) and completes with what it did, the throwaway gateway closed. */
  public static Future<WarmupResult> run(Vertx vertx, WarmupPlan plan) {
    return run(vertx, plan, () -> false);
  }

  /** As above; once {@code cancel} says true no further request is sent, and the warm-up ends with those in flight. */
  public static Future<WarmupResult> run(Vertx vertx, WarmupPlan plan, java.util.function.BooleanSupplier cancel) {
    if (plan.disabled()) return Future.succeededFuture(WarmupResult.skipped());
    long startNanos = System.nanoTime();
    String id = EXPERIMENT_PREFIX + RequestIds.newId().substring(0, 12).toLowerCase(java.util.Locale.ROOT);
    AccessLog.exclude(id);
    return vertx.executeBlocking(() -> Files.createTempDirectory("abgw-warmup-")).compose(dir ->
        LoopbackUpstream.start(vertx).compose(upstream -> withGateway(vertx, plan, cancel, dir, upstream, id, startNanos)
            .eventually(upstream::close))
        .eventually(() -> vertx.executeBlocking(() -> deleteTree(dir))))
        .eventually(() -> {
          AccessLog.exclude(null);
          return Future.succeededFuture();
        });
  }

  private static Future<WarmupResult> withGateway(Vertx vertx, WarmupPlan plan, java.util.function.BooleanSupplier cancel,
                                                  Path dir, LoopbackUpstream upstream, String id, long startNanos) {
    GatewayConfig cfg = GatewayConfig.local(dir.resolve("data")).withProxyInstances(plan.eventLoops());
    return Gateway.start(vertx, cfg, message -> { }, Clock.systemUTC(), Tracing.off()).compose(gw -> {
      gw.registry().put(experiment(id, upstream.port()));
      long started = elapsedMillis(startNanos);
      long deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(plan.maxMillis());
      return drive(vertx, gw.proxyPort(), plan, cancel, deadline)
          .compose(counts -> gw.shutdown(0).map(summary -> counts.result(elapsedMillis(startNanos), started)))
          .recover(err -> gw.close().transform(ignored -> Future.failedFuture(err)));
    });
  }

  private static long elapsedMillis(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /** Keeps {@code plan.concurrency()} requests in flight until {@code plan.requests()} are answered or the deadline. */
  private static Future<Counts> drive(Vertx vertx, int port, WarmupPlan plan, java.util.function.BooleanSupplier cancel,
                                      long deadlineNanos) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(plan.concurrency()));
    Counts counts = new Counts(plan.requests(), cancel, deadlineNanos);
    Promise<Counts> done = Promise.promise();
    // Each lane sends its next request when the last one ended; the context keeps the counters on one thread.
    vertx.getOrCreateContext().runOnContext(v -> {
      for (int i = 0; i < plan.concurrency(); i++) lane(client, port, counts, done);
    });
    return done.future().eventually(client::close);
  }

  private static void lane(HttpClient client, int port, Counts counts, Promise<Counts> done) {
    if (!counts.mayStart()) {
      if (counts.inFlight == 0) done.tryComplete(counts);
      return;
    }
    long n = counts.started++;
    counts.inFlight++;
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI(ROUTE).putHeader("content-type", "application/json").putHeader(UNIT_HEADER, "w" + (n % 997));
    client.request(options)
        .compose(req -> req.send(n % STREAM_EVERY == 0 ? STREAM_BODY : BODY))
        .compose(resp -> resp.body().map(body -> resp.statusCode()))
        .onComplete(ar -> {
          counts.inFlight--;
          if (ar.succeeded()) counts.answered(ar.result());
          else counts.failed++;
          lane(client, port, counts, done);
        });
  }

  /** Counters of one warm-up, touched on the driver's context only. */
  private static final class Counts {
    final int target;
    final java.util.function.BooleanSupplier cancel;
    final long deadlineNanos;
    long started;
    long inFlight;
    long answered;
    long expected;
    long failed;
    boolean timedOut;
    boolean cancelled;

    Counts(int target, java.util.function.BooleanSupplier cancel, long deadlineNanos) {
      this.target = target;
      this.cancel = cancel;
      this.deadlineNanos = deadlineNanos;
    }

    boolean mayStart() {
      if (started >= target) return false;
      if (cancel.getAsBoolean()) {
        cancelled = true;
        return false;
      }
      if (System.nanoTime() - deadlineNanos >= 0) {
        timedOut = true;
        return false;
      }
      return true;
    }

    void answered(int status) {
      answered++;
      if (status == 200) expected++;
    }

    WarmupResult result(long millis, long startMillis) {
      return new WarmupResult(answered, expected, failed, millis, startMillis, timedOut, cancelled);
    }
  }

  /** Two arms on the loopback upstream, the proxy's metrics and one judged metric, as a typical experiment has. */
  static Experiment experiment(String id, int upstreamPort) {
    return TypicalExperiment.of(id, ROUTE, UNIT_HEADER, upstreamPort, null);
  }

  private static Void deleteTree(Path dir) {
    if (!Files.exists(dir)) return null;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the warm-up's directory " + dir, e);
    }
    return null;
  }
}
