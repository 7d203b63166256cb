package dev.abgw.agents;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The non-chat routes that make a simulated agent a plain HTTP backend for proxy benchmarks:
 * {@code GET /health}, {@code GET /bytes/{n}} and an echo of anything else.
 */
final class PlainHttpHandlers {

  /** Largest body {@code /bytes/{n}} serves: 1 GiB. */
  static final long MAX_BYTES = 1L << 30;
  private static final int CHUNK_BYTES = 64 * 1024;
  private static final Buffer FILLER = Buffer.buffer(new byte[CHUNK_BYTES]);

  private PlainHttpHandlers() {}

  /** {@code {"status":"UP","name":..}}. */
  static void health(HttpServerRequest request, String name) {
    json(request.response(), 200, new JsonObject().put("status", "UP").put("name", name));
  }

  /**
   * Echoes method, path, query, headers and the body's length. The body is streamed and counted,
   * never held, so uploads of any size cost no memory.
   */
  static void echo(HttpServerRequest request) {
    long[] bodyBytes = {0};
    request.handler(chunk -> bodyBytes[0] += chunk.length());
    request.endHandler(v -> json(request.response(), 200, new JsonObject()
        .put("method", request.method().name())
        .put("path", request.path())
        .put("query", request.query())
        .put("headers", headers(request.headers()))
        .put("bodyBytes", bodyBytes[0])));
  }

  /** Sends {@code n} zero bytes for {@code GET /bytes/{n}}, in chunks, respecting back-pressure. */
  static void bytes(HttpServerRequest request, String countText) {
    long count;
    try {
      count = Long.parseLong(countText);
    } catch (NumberFormatException e) {
      count = -1;
    }
    if (count < 0 || count > MAX_BYTES) {
      json(request.response(), 400, ChatBodies.error(
          "path /bytes/{n}: n must be an integer between 0 and " + MAX_BYTES + " (was '" + countText + "')",
          "invalid_request_error", "invalid_path"));
      return;
    }
    HttpServerResponse response = request.response()
        .putHeader("content-type", "application/octet-stream")
        .putHeader("content-length", Long.toString(count));
    writeBytes(response, count);
  }

  private static void writeBytes(HttpServerResponse response, long remaining) {
    long left = remaining;
    while (left > 0 && !response.writeQueueFull()) {
      int n = (int) Math.min(CHUNK_BYTES, left);
      response.write(n == CHUNK_BYTES ? FILLER : FILLER.getBuffer(0, n));
      left -= n;
    }
    if (left == 0) {
      response.end();
      return;
    }
    long rest = left;
    response.drainHandler(v -> writeBytes(response, rest));
  }

  private static JsonObject headers(MultiMap headers) {
    JsonObject json = new JsonObject();
    for (String name : headers.names()) {
      var values = headers.getAll(name);
      json.put(name, values.size() == 1 ? values.get(0) : new JsonArray(values));
    }
    return json;
  }

  private static void json(HttpServerResponse response, int status, JsonObject body) {
    response.setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
  }
}
