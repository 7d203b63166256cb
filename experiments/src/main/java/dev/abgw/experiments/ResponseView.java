package dev.abgw.experiments;

/** What segment extraction may read from an upstream response; the gateway adapts its response to this. */
public interface ResponseView {

  /** HTTP status code. */
  int status();

  /** The model's finish reason ({@code stop}, {@code length}, {@code tool_calls}, ...), or {@code null}. */
  String finishReason();

  /** Number of tool calls in the response, 0 if none. */
  int toolCalls();

  /** Prompt tokens reported in the response's usage, or {@code null}. */
  Long promptTokens();

  /** The variant that served the answer ({@code static} for a static fallback), or {@code null} when none did. */
  default String servedBy() {
    return null;
  }
}
