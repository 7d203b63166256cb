package dev.abgw.loadtest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;

/**
 * HTTP load generator on the Vert.x HttpClient, for loopback targets only.
 *
 * <p>Open loop ({@link LoadMode#OPEN_LOOP}): request {@code i} is due at
 * {@code start + schedule.offsetNanos(i)}; a 1 ms timer sends every request that is due, whatever is
 * still in flight, and its latency is measured from that intended time, not from when it actually
 * left. A backend stall therefore shows up in the latency of every request scheduled during it, as a
 * user arriving at that moment would see it (Gil Tene's coordinated-omission correction, as in wrk2).
 * Closed loop ({@link LoadMode#CLOSED_LOOP}): {@code concurrency} workers each send the next request
 * when the previous one completes; latency runs from the actual send.
 *
 * <p>Everything runs on one Vert.x context, so counting needs no locks. The returned future completes
 * after sending has stopped (duration or request bound reached) and every request in flight has
 * completed or timed out.
 */
public final class LoadGenerator {

  private final Vertx vertx;
  private final LoadConfig config;
  private final Promise<LoadResult> done = Promise.promise();
  private final LoadRecorder recorder = new LoadRecorder();
  private final ArrivalSchedule schedule;
  private HttpClientAgent client;
  private Context context;
  private ProgressReporter progress;
  private long startNanos;
  private long measureStartNanos;
  private long deadlineNanos;
  private long stoppedNanos;
  private long sent;
  private long totalResponses;
  private int inFlight;
  private boolean stopping;
  private long tickTimer = -1;
  private long progressTimer = -1;
  private long deadlineTimer = -1;
  private boolean finishedRun;

  private LoadGenerator(Vertx vertx, LoadConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.schedule = config.mode() == LoadMode.OPEN_LOOP ? config.schedule() : null;
  }

  /**
   * Runs one load test and completes with its result. The run gets an event loop of its own (it is
   * deployed as a verticle), so it does not share a thread with a server started from the caller's
   * context.
   */
  public static Future<LoadResult> run(Vertx vertx, LoadConfig config) {
    LoadGenerator generator = new LoadGenerator(vertx, config);
    return vertx.deployVerticle(new VerticleBase() {
          @Override
          public Future<?> start() {
            generator.context = context;
            generator.start();
            return Future.succeededFuture();
          }
        })
        .compose(deploymentId -> generator.done.future()
            .compose(result -> vertx.undeploy(deploymentId).map(result)));
  }

  private void start() {
    int poolSize = config.mode() == LoadMode.OPEN_LOOP ? config.connections() : config.concurrency();
    int timeout = (int) Math.min(Integer.MAX_VALUE, config.requestTimeoutMillis());
    client = vertx.createHttpClient(
        new HttpClientOptions().setConnectTimeout(timeout).setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(poolSize));
    prime().onComplete(v -> startSending());
  }

  /**
   * Opens and closes one connection before the clock starts: the first connection of a fresh client
   * initialises the resolver and the channel pipeline, which can take hundreds of milliseconds in a
   * cold JVM, and an open-loop schedule would pile every request due meanwhile onto new connections.
   * No request is sent, so the target sees no extra traffic; a failure here is left for the run to
   * count as transport errors.
   */
  private Future<Void> prime() {
    HttpConnectOptions options = new HttpConnectOptions().setHost(config.host()).setPort(config.port())
        .setConnectTimeout(config.requestTimeoutMillis());
    return client.connect(options)
        .compose(connection -> connection.close())
        .otherwiseEmpty();
  }

  private void startSending() {
    startNanos = System.nanoTime();
    measureStartNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(config.warmupMillis());
    deadlineNanos = measureStartNanos + TimeUnit.MILLISECONDS.toNanos(config.durationMillis());
    progress = new ProgressReporter(config.progress(), config.scenario(), startNanos);
    progressTimer = vertx.setPeriodic(1000, id -> reportProgress());
    deadlineTimer = vertx.setTimer(config.warmupMillis() + config.durationMillis(), id -> stopSending());
    if (config.mode() == LoadMode.OPEN_LOOP) {
      tick();
      tickTimer = vertx.setPeriodic(1, id -> tick());
    } else {
      for (int i = 0; i < config.concurrency() && !stopping; i++) {
        sendClosedLoop();
      }
    }
  }

  /** Open loop: sends every request whose intended time has come. */
  private void tick() {
    long now = System.nanoTime();
    while (!stopping) {
      long intended = startNanos + schedule.offsetNanos(sent);
      if (intended > now) {
        return;
      }
      if (intended >= deadlineNanos) {
        stopSending();
        return;
      }
      send(intended);
      if (sent >= config.maxRequests()) {
        stopSending();
      }
    }
  }

  /** Closed loop: one worker's next request, unless the run is over. */
  private void sendClosedLoop() {
    if (stopping) {
      return;
    }
    long now = System.nanoTime();
    if (now >= deadlineNanos) {
      stopSending();
      return;
    }
    send(now);
    if (sent >= config.maxRequests()) {
      stopSending();
    }
  }

  private void send(long intendedNanos) {
    long sequence = sent++;
    inFlight++;
    InFlight request = new InFlight(sequence, intendedNanos);
    request.timer = vertx.setTimer(config.requestTimeoutMillis(), id -> request.timeOut());
    RequestOptions options;
    Buffer body;
    try {
      options = options(sequence);
      body = config.request().bodyFor(sequence);
    } catch (RuntimeException e) {
      // A failing body or header supplier is counted like a transport error, with its message kept;
      // deferred so that a closed loop over a supplier that always fails cannot recurse.
      context.runOnContext(v -> request.fail(e));
      return;
    }
    client.request(options)
        .compose(req -> {
          request.http = req;
          if (request.finished) {
            // Timed out while waiting for a pooled connection: do not send it late.
            req.reset();
            return Future.failedFuture("timed out before sending");
          }
          return req.send(body);
        })
        .compose(request::readBody)
        .onComplete(ar -> {
          if (ar.failed()) {
            request.fail(ar.cause());
          }
        });
  }

  private RequestOptions options(long sequence) {
    RequestOptions options = new RequestOptions()
        .setMethod(config.request().method())
        .setHost(config.host())
        .setPort(config.port())
        .setURI(config.request().path());
    config.request().headers().forEach(options::putHeader);
    if (config.request().headerSupplier() != null) {
      config.request().headerSupplier().apply(sequence).forEach(options::putHeader);
    }
    return options;
  }

  /** One request in flight; exactly one of respond, fail or timeOut finishes it. */
  private final class InFlight {
    final long sequence;
    final long intendedNanos;
    long timer;
    HttpClientRequest http;
    boolean finished;

    InFlight(long sequence, long intendedNanos) {
      this.sequence = sequence;
      this.intendedNanos = intendedNanos;
    }

    boolean measured() {
      return intendedNanos >= measureStartNanos;
    }

    Future<Void> readBody(HttpClientResponse response) {
      if (config.hook() == ResponseHook.NONE) {
        response.handler(chunk -> recorder.bytes(chunk.length()));
        return response.end().onSuccess(v -> respond(response, null));
      }
      return response.body().onSuccess(body -> {
        recorder.bytes(body.length());
        respond(response, body);
      }).mapEmpty();
    }

    void respond(HttpClientResponse response, Buffer body) {
      if (!finish()) {
        return;
      }
      long now = System.nanoTime();
      long latencyMicros = TimeUnit.NANOSECONDS.toMicros(now - intendedNanos);
      totalResponses++;
      if (measured() && now <= (stopping ? stoppedNanos : deadlineNanos)) {
        recorder.responseInWindow();
      }
      if (measured()) {
        recorder.response(response.statusCode(), latencyMicros);
      }
      if (body != null) {
        try {
          config.hook().onResponse(new ResponseInfo(sequence, measured(), response.statusCode(),
              response.headers(), body, latencyMicros));
        } catch (RuntimeException e) {
          recorder.hookFailure(e);
        }
      }
      completed();
    }

    void fail(Throwable error) {
      if (!finish()) {
        return;
      }
      if (measured()) {
        recorder.transportError(error);
      }
      completed();
    }

    void timeOut() {
      if (!finish()) {
        return;
      }
      if (measured()) {
        recorder.timeout();
      }
      if (http != null) {
        http.reset();
      }
      completed();
    }

    private boolean finish() {
      if (finished) {
        return false;
      }
      finished = true;
      vertx.cancelTimer(timer);
      return true;
    }
  }

  private void completed() {
    inFlight--;
    if (config.mode() == LoadMode.CLOSED_LOOP && !stopping) {
      sendClosedLoop();
    }
    if (stopping && inFlight == 0) {
      finishRun();
    }
  }

  private void stopSending() {
    if (stopping) {
      return;
    }
    stopping = true;
    stoppedNanos = Math.min(System.nanoTime(), deadlineNanos);
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(deadlineTimer);
    if (inFlight == 0) {
      // Let the current call stack unwind before completing.
      context.runOnContext(v -> finishRun());
    }
  }

  private void finishRun() {
    if (finishedRun) {
      return;
    }
    finishedRun = true;
    vertx.cancelTimer(progressTimer);
    reportProgress();
    progress.finish();
    long windowNanos = Math.max(0, stoppedNanos - measureStartNanos);
    LoadResult result = recorder.result(config, sent, windowNanos);
    client.close().onComplete(v -> done.complete(result));
  }

  private void reportProgress() {
    long now = System.nanoTime();
    progress.report(now, startNanos, now < measureStartNanos, sent, totalResponses, inFlight, recorder);
  }
}
