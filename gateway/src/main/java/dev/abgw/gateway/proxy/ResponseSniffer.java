package dev.abgw.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads OpenAI-compatible responses as they pass, without holding them back: {@code usage} token
 * counts, the first choice's {@code finish_reason} and the number of tool calls. JSON bodies are
 * held up to {@link #MAX_JSON_BYTES} (a one-chunk body as it came) and scanned at the end by
 * {@link CompletionScan}; SSE streams are scanned line by line and only {@code data:} lines that mention one
 * of those fields are parsed.
 */
public final class ResponseSniffer {
  static final int MAX_JSON_BYTES = 4 * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private enum Kind { JSON, SSE, OTHER }

  private final Kind kind;
  /** The body's first chunk, held as it is (most JSON answers come in one); copied only when a second arrives. */
  private Buffer first;
  private Buffer json;
  private final StringBuilder line = new StringBuilder();
  private final Set<Integer> toolCallIndexes = new HashSet<>();
  private Long promptTokens;
  private Long completionTokens;
  private Long totalTokens;
  private String finishReason;
  private int toolCalls;

  public ResponseSniffer(String contentType) {
    String ct = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
    this.kind = ct.contains("text/event-stream") ? Kind.SSE : ct.contains("json") ? Kind.JSON : Kind.OTHER;
  }

  public void feed(Buffer chunk) {
    switch (kind) {
      case JSON -> {
        if (first == null && json == null) {
          if (chunk.length() <= MAX_JSON_BYTES) first = chunk;
          return;
        }
        if (json == null) {
          json = Buffer.buffer(first.length() + chunk.length());
          json.appendBuffer(first);
          first = null;
        }
        if (json.length() + chunk.length() <= MAX_JSON_BYTES) json.appendBuffer(chunk);
      }
      case SSE -> scanSse(chunk.toString(StandardCharsets.UTF_8));
      case OTHER -> { }
    }
  }

  /** Call once the body has ended. */
  public void end() {
    Buffer body = json != null ? json : first;
    if (kind == Kind.JSON && body != null && body.length() > 0) {
      readCompletion(body);
    } else if (kind == Kind.SSE && !line.isEmpty()) {
      onLine(line.toString());
      line.setLength(0);
    }
  }

  /**
   * Reads {@code usage}, and {@code finish_reason} and {@code message.tool_calls} of the first choice, with
   * {@link CompletionScan} over the buffer's own bytes when it has a backing array (Vert.x's are heap buffers),
   * else over a copy; the (possibly long) content is skipped unread.
   */
  private void readCompletion(Buffer body) {
    CompletionScan scan;
    if (body instanceof BufferInternal internal && internal.getByteBuf().hasArray()) {
      ByteBuf b = internal.getByteBuf();
      scan = CompletionScan.of(b.array(), b.arrayOffset() + b.readerIndex(), b.readableBytes());
    } else {
      byte[] bytes = body.getBytes();
      scan = CompletionScan.of(bytes, 0, bytes.length);
    }
    if (scan.promptTokens != null) promptTokens = scan.promptTokens;
    if (scan.completionTokens != null) completionTokens = scan.completionTokens;
    if (scan.totalTokens != null) totalTokens = scan.totalTokens;
    if (scan.finishReason != null) finishReason = scan.finishReason;
    if (scan.toolCalls >= 0) toolCalls = scan.toolCalls;
  }

  private void scanSse(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        onLine(line.toString());
        line.setLength(0);
      } else if (c != '\r' && line.length() < MAX_JSON_BYTES) {
        line.append(c);
      }
    }
  }

  private void onLine(String l) {
    if (!l.startsWith("data:")) return;
    if (!(l.contains("\"usage\"") || l.contains("\"finish_reason\"") || l.contains("\"tool_calls\""))) return;
    try {
      JsonNode root = JSON.readTree(l.substring(5).trim());
      readUsage(root.path("usage"));
      JsonNode choice = root.path("choices").path(0);
      readFinish(choice.path("finish_reason"));
      JsonNode calls = choice.path("delta").path("tool_calls");
      if (calls.isArray()) {
        for (JsonNode call : calls) toolCallIndexes.add(call.path("index").asInt(toolCallIndexes.size()));
        toolCalls = toolCallIndexes.size();
      }
    } catch (IOException notJson) {
      // e.g. "data: [DONE]" mentions nothing; other malformed lines are the upstream's to own.
    }
  }

  private void readUsage(JsonNode usage) {
    if (usage == null || !usage.isObject()) return;
    if (usage.path("prompt_tokens").isNumber()) promptTokens = usage.path("prompt_tokens").asLong();
    if (usage.path("completion_tokens").isNumber()) completionTokens = usage.path("completion_tokens").asLong();
    if (usage.path("total_tokens").isNumber()) totalTokens = usage.path("total_tokens").asLong();
  }

  private void readFinish(JsonNode reason) {
    if (reason.isTextual()) finishReason = reason.asText();
  }

  public Long promptTokens() { return promptTokens; }

  public Long completionTokens() { return completionTokens; }

  public Long totalTokens() {
    if (totalTokens != null) return totalTokens;
    return promptTokens != null && completionTokens != null ? promptTokens + completionTokens : null;
  }

  public String finishReason() { return finishReason; }

  public int toolCalls() { return toolCalls; }
}
