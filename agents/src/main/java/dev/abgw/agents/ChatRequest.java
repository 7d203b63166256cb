package dev.abgw.agents;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The parts of an OpenAI chat completion request that a simulated agent looks at.
 *
 * @param body the whole request body
 * @param model requested model, or null
 * @param stream whether the client asked for server-sent events
 * @param promptTokens estimated prompt tokens: {@code ceil(characters of all message contents / 4)}
 */
record ChatRequest(JsonObject body, String model, boolean stream, int promptTokens) {

  /** Parses a request body; throws IllegalArgumentException naming the field at fault. */
  static ChatRequest parse(Buffer raw) {
    JsonObject body;
    try {
      body = raw.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("request body must be a JSON object (" + e.getMessage() + ")");
    }
    if (body == null) {
      throw new IllegalArgumentException("request body must be a JSON object (was empty)");
    }
    Object messages = body.getValue("messages");
    if (!(messages instanceof JsonArray array)) {
      throw new IllegalArgumentException("/messages must be an array (was " + describe(messages) + ")");
    }
    Object stream = body.getValue("stream", false);
    if (!(stream instanceof Boolean)) {
      throw new IllegalArgumentException("/stream must be a boolean (was " + describe(stream) + ")");
    }
    Object model = body.getValue("model");
    return new ChatRequest(body, model == null ? null : model.toString(), (Boolean) stream, promptTokens(array));
  }

  private static int promptTokens(JsonArray messages) {
    long chars = 0;
    for (Object message : messages) {
      if (message instanceof JsonObject m) {
        chars += contentChars(m.getValue("content"));
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4);
  }

  /** Content is a string or, in the multi-part form, an array of {@code {"type":"text","text":...}}. */
  private static long contentChars(Object content) {
    if (content instanceof String s) {
      return s.length();
    }
    long chars = 0;
    if (content instanceof JsonArray parts) {
      for (Object part : parts) {
        if (part instanceof JsonObject p && p.getValue("text") instanceof String text) {
          chars += text.length();
        }
      }
    }
    return chars;
  }

  private static String describe(Object value) {
    return value == null ? "missing" : value.getClass().getSimpleName() + " " + value;
  }
}
