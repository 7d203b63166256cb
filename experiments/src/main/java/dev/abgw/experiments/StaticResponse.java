package dev.abgw.experiments;

import java.util.Map;
import java.util.Objects;

/**
 * A canned answer a fallback may serve instead of a variant: {@code status} 100..599, {@code body} as sent
 * (JSON bodies are kept as their compact text), {@code headers} added to the response.
 */
public record StaticResponse(int status, String body, Map<String, String> headers) {
  public StaticResponse {
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers == null ? Map.of() : headers);
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be between 100 and 599 (was " + status + ")");
    }
  }
}
