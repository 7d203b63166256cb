package dev.abgw.gateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** Reads a request body into memory, failing as soon as it exceeds a limit (declared or actual). */
final class BodyReader {
  static final class TooLarge extends RuntimeException {
    TooLarge() {
      super("request body too large", null, false, false);
    }
  }

  /** The body did not arrive completely within the client body timeout. */
  static final class TooSlow extends RuntimeException {
    TooSlow() {
      super("request body too slow", null, false, false);
    }
  }

  private BodyReader() {}

  /** As {@link #read(HttpServerRequest, int)}, failing with {@link TooSlow} after {@code timeoutMillis}. */
  static Future<Buffer> read(HttpServerRequest req, int maxBytes, io.vertx.core.Vertx vertx, long timeoutMillis) {
    Future<Buffer> body = read(req, maxBytes);
    if (body.isComplete()) return body;
    Promise<Buffer> timed = Promise.promise();
    long timer = vertx.setTimer(timeoutMillis, id -> timed.tryFail(new TooSlow()));
    body.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) timed.tryComplete(ar.result()); else timed.tryFail(ar.cause());
    });
    return timed.future();
  }

  static Future<Buffer> read(HttpServerRequest req, int maxBytes) {
    String declared = req.getHeader("content-length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > maxBytes) {
          return Future.failedFuture(new TooLarge());
        }
      } catch (NumberFormatException ignored) {
        // Vert.x rejects malformed framing before we get here; a value it let through is checked as it arrives.
      }
    }
    Promise<Buffer> done = Promise.promise();
    Buffer acc = Buffer.buffer();
    req.handler(chunk -> {
      if (acc.length() + chunk.length() > maxBytes) {
        req.handler(null);
        done.tryFail(new TooLarge());
      } else {
        acc.appendBuffer(chunk);
      }
    });
    req.endHandler(v -> done.tryComplete(acc));
    req.exceptionHandler(done::tryFail);
    return done.future();
  }
}
