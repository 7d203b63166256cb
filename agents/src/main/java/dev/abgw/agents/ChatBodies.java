package dev.abgw.agents;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** JSON shapes of OpenAI chat completions: full answer, streaming chunks, usage, error. */
final class ChatBodies {

  private ChatBodies() {}

  /** {@code {"id":..,"object":"chat.completion",..,"choices":[..],"usage":{..}}}. */
  static JsonObject completion(String id, long created, String model, String content, int promptTokens,
      int completionTokens) {
    JsonObject message = new JsonObject().put("role", "assistant").put("content", content);
    JsonObject choice = new JsonObject().put("index", 0).put("message", message).put("finish_reason", "stop");
    return new JsonObject()
        .put("id", id)
        .put("object", "chat.completion")
        .put("created", created)
        .put("model", model)
        .put("choices", new JsonArray().add(choice))
        .put("usage", usage(promptTokens, completionTokens));
  }

  /** A streaming chunk carrying one token; the first one also carries the role. */
  static JsonObject deltaChunk(String id, long created, String model, String token, boolean first) {
    JsonObject delta = new JsonObject();
    if (first) {
      delta.put("role", "assistant");
    }
    delta.put("content", token);
    return chunk(id, created, model, new JsonArray().add(
        new JsonObject().put("index", 0).put("delta", delta).putNull("finish_reason")));
  }

  /** The chunk that ends the choice: empty delta, {@code finish_reason: "stop"}. */
  static JsonObject finishChunk(String id, long created, String model) {
    return chunk(id, created, model, new JsonArray().add(
        new JsonObject().put("index", 0).put("delta", new JsonObject()).put("finish_reason", "stop")));
  }

  /** The usage chunk OpenAI sends with {@code stream_options.include_usage}: no choices, only usage. */
  static JsonObject usageChunk(String id, long created, String model, int promptTokens, int completionTokens) {
    return chunk(id, created, model, new JsonArray()).put("usage", usage(promptTokens, completionTokens));
  }

  /** OpenAI error body: {@code {"error":{"message":..,"type":..,"param":null,"code":..}}}. */
  static JsonObject error(String message, String type, String code) {
    return new JsonObject().put("error", new JsonObject()
        .put("message", message).put("type", type).putNull("param").put("code", code));
  }

  private static JsonObject chunk(String id, long created, String model, JsonArray choices) {
    return new JsonObject()
        .put("id", id)
        .put("object", "chat.completion.chunk")
        .put("created", created)
        .put("model", model)
        .put("choices", choices);
  }

  private static JsonObject usage(int promptTokens, int completionTokens) {
    return new JsonObject()
        .put("prompt_tokens", promptTokens)
        .put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
  }
}
