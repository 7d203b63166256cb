package dev.abgw.gateway.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The one JSON error shape of every HTTP error the gateway produces, on the proxy and the admin port:
 * {@code {"error": {"code": "...", "message": "...", "details": [...]}}}, each detail {@code {"pointer": "...",
 * "message": "..."}} ({@link #detail}): the JSON pointer of the offending value (into the request body, or into
 * the query parameters as one object) and a message that names the rule and the value seen.
 */
public final class ApiErrors {
  private ApiErrors() {}

  /** One entry of {@code details}. */
  public static JsonObject detail(String pointer, String message) {
    return new JsonObject().put("pointer", pointer).put("message", message);
  }

  /** A detail from a message that starts with its pointer ({@code "/value must be ..."}); pointer "" otherwise. */
  public static JsonObject detail(String message) {
    if (!message.startsWith("/")) return detail("", message);
    int space = message.indexOf(' ');
    return detail(space < 0 ? message : message.substring(0, space), message);
  }

  public static JsonObject body(String code, String message, List<JsonObject> details) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)
        .put("details", new JsonArray(List.copyOf(details))));
  }

  public static void send(HttpServerResponse resp, int status, String code, String message) {
    send(resp, status, code, message, List.of());
  }

  public static void send(HttpServerResponse resp, int status, String code, String message, List<JsonObject> details) {
    if (resp.ended() || resp.closed()) return;
    if (resp.headWritten()) {
      // Too late for a status: the client already has part of a body; cut the stream so it sees the failure.
      resp.reset();
      return;
    }
    resp.setStatusCode(status).putHeader("content-type", "application/json")
        .end(body(code, message, details).encode());
  }
}
