package dev.abgw.loadtest.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The few admin API calls scenarios make, against a gateway on 127.0.0.1: post judgments (one or a
 * batch) and read a report. A non-2xx answer fails the future with the status and body.
 *
 * <p>Every exchange runs on one event-loop context of this client, whichever thread asks (scenarios call
 * from the main thread). Called from a non-Vert.x thread, the Vert.x HttpClient gives each request a new
 * context on another event loop than its pooled connection's; under load (20,000 proxied requests, then
 * 5,000 single posts, 32 in flight) that cross-thread hand-over lost about one response in 5,000: the
 * gateway had answered and the bytes had arrived (socket counters equal on both ends) but the future
 * never completed. On one context the stream and its connection share a thread and nothing is lost.
 */
public final class AdminClient {

  private final HttpClient client;
  private final Context context;
  private final int port;

  private AdminClient(HttpClient client, Context context, int port) {
    this.client = client;
    this.context = context;
    this.port = port;
  }

  /** A client of the admin API on {@code port} with at most {@code connections} pooled connections. */
  public static AdminClient of(Vertx vertx, int port, int connections) {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(connections));
    return new AdminClient(client, vertx.getOrCreateContext(), port);
  }

  /** {@code POST /judgments} with a JSON array; the batch answer ({@code summary}, {@code results}). */
  public Future<JsonObject> postJudgments(JsonArray batch) {
    return postJudgments(batch.toBuffer());
  }

  /** {@code POST /judgments} with a body already encoded (a JSON array or NDJSON); the answer. */
  public Future<JsonObject> postJudgments(io.vertx.core.buffer.Buffer body) {
    return send(HttpMethod.POST, "/judgments", body).map(Answer::body);
  }

  /** {@code POST /judgments} with one object; its result. */
  public Future<JsonObject> postJudgment(JsonObject judgment) {
    return send(HttpMethod.POST, "/judgments", judgment.toBuffer()).map(Answer::body);
  }

  /** {@code GET /experiments/{id}/report}. */
  public Future<JsonObject> report(String experiment) {
    return reportTimed(experiment).map(Report::body);
  }

  /** A report and the gateway's own time for it (its {@code Server-Timing: report;dur=} header), or NaN. */
  public record Report(JsonObject body, double serverMillis) {}

  public Future<Report> reportTimed(String experiment) {
    return send(HttpMethod.GET, "/experiments/" + experiment + "/report", null)
        .map(a -> new Report(a.body(), serverMillis(a.headers().get("server-timing"))));
  }

  static double serverMillis(String serverTiming) {
    if (serverTiming == null) return Double.NaN;
    int at = serverTiming.indexOf("dur=");
    if (at < 0) return Double.NaN;
    int end = at + 4;
    while (end < serverTiming.length() && (Character.isDigit(serverTiming.charAt(end)) || serverTiming.charAt(end) == '.')) end++;
    return Double.parseDouble(serverTiming.substring(at + 4, end));
  }

  public Future<Void> close() {
    return client.close();
  }

  private record Answer(JsonObject body, io.vertx.core.MultiMap headers) {}

  private Future<Answer> send(HttpMethod method, String path, Buffer body) {
    Promise<Answer> answer = Promise.promise();
    context.runOnContext(v -> exchange(method, path, body).onComplete(ar -> {
      if (ar.succeeded()) {
        answer.complete(ar.result());
      } else {
        answer.fail(ar.cause());
      }
    }));
    return answer.future();
  }

  private Future<Answer> exchange(HttpMethod method, String path, Buffer body) {
    RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(port).setMethod(method).setURI(path)
        .setTimeout(20_000)
        .putHeader("content-type", "application/json");
    return client.request(options)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().compose(b -> resp.statusCode() / 100 == 2
            ? Future.succeededFuture(new Answer(b.toJsonObject(), resp.headers()))
            : Future.failedFuture(method + " " + path + " answered " + resp.statusCode() + ": " + b)));
  }
}
