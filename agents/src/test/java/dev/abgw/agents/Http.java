package dev.abgw.agents;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Small test client helpers: one request, whole reply. */
final class Http {

  record Reply(int status, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }
  }

  private Http() {}

  static Future<Reply> send(HttpClient client, int port, HttpMethod method, String path, Buffer body) {
    RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(port).setMethod(method).setURI(path);
    return client.request(options)
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b)));
  }

  static Future<Reply> chat(HttpClient client, int port, JsonObject request) {
    return send(client, port, HttpMethod.POST, "/v1/chat/completions", request.toBuffer());
  }

  /** A chat request with one user message of {@code content}. */
  static JsonObject chatRequest(String content) {
    return new JsonObject()
        .put("model", "sim-model")
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", content)));
  }
}
