package dev.abgw.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.abgw.experiments.RequestView;
import io.vertx.core.http.HttpServerRequest;

/**
 * What segment extraction and unit lookup may read of a request: headers, query parameters and, when
 * the gateway buffered it, the parsed JSON body. Input length is the characters of the chat messages'
 * text content when the body is an OpenAI chat request, otherwise the body's size in bytes.
 */
final class RequestBodyView implements RequestView {
  private final HttpServerRequest req;
  private final JsonNode body;
  private final int bodyBytes;

  RequestBodyView(HttpServerRequest req, JsonNode body, int bodyBytes) {
    this.req = req;
    this.body = body;
    this.bodyBytes = bodyBytes;
  }

  @Override
  public String header(String name) {
    return req.getHeader(name);
  }

  @Override
  public String query(String name) {
    return req.getParam(name);
  }

  @Override
  public JsonNode body() {
    return body;
  }

  @Override
  public long inputChars() {
    if (body != null && body.path("messages").isArray()) {
      long chars = 0;
      for (JsonNode m : body.path("messages")) {
        JsonNode content = m.path("content");
        if (content.isTextual()) {
          chars += content.asText().length();
        } else if (content.isArray()) {
          for (JsonNode part : content) chars += part.path("text").asText("").length();
        }
      }
      return chars;
    }
    return bodyBytes;
  }
}
