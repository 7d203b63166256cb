package dev.abgw.gateway.monitor;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.function.Consumer;

/**
 * POSTs monitor events as JSON to a webhook, off the proxy's path: asynchronous, its own client
 * and pool, retried on failure (connection error, timeout or non-2xx) after 0.5, 1 and 2 s, then
 * given up (and logged).
 */
public final class Webhook {
  static final long[] BACKOFF_MILLIS = {500, 1000, 2000};
  static final long TIMEOUT_MILLIS = 5000;

  private final Vertx vertx;
  private final HttpClient client;
  private final Consumer<String> log;

  public Webhook(Vertx vertx, Consumer<String> log) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT_MILLIS));
    this.log = log;
  }

  /** Completes with the attempt that succeeded (1-based), or fails after the last retry. */
  public Future<Integer> post(URI url, JsonObject body) {
    Promise<Integer> done = Promise.promise();
    attempt(url, body.toBuffer(), 0, done);
    return done.future();
  }

  private void attempt(URI url, Buffer body, int retry, Promise<Integer> done) {
    int port = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost()).setPort(port)
        .setURI(path).setSsl("https".equalsIgnoreCase(url.getScheme())).setTimeout(TIMEOUT_MILLIS)
        .putHeader("content-type", "application/json");
    client.request(options).compose(req -> req.send(body)).compose(resp -> resp.body().map(b -> resp.statusCode()))
        .onComplete(ar -> {
          boolean ok = ar.succeeded() && ar.result() / 100 == 2;
          if (ok) {
            done.complete(retry + 1);
          } else if (retry < BACKOFF_MILLIS.length) {
            vertx.setTimer(BACKOFF_MILLIS[retry], t -> attempt(url, body, retry + 1, done));
          } else {
            String why = ar.failed() ? ar.cause().toString() : "status " + ar.result();
            log.accept("monitor webhook " + url + " failed after " + (retry + 1) + " attempts: " + why);
            done.fail("webhook " + url + " failed: " + why);
          }
        });
  }

  public Future<Void> close() {
    return client.close();
  }
}
