package dev.abgw.experiments;

import java.util.Objects;

/**
 * One mistake in an experiment definition.
 *
 * @param pointer RFC 6901 JSON pointer of the offending field ({@code ""} for the whole document)
 * @param message what is wrong, starting with the pointer, naming the rule and the value seen, e.g.
 *     {@code /variants/1/weight must be >= 0 (was -5)}
 */
public record ValidationError(String pointer, String message) {

  public ValidationError {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return message;
  }
}
