package dev.abgw.experiments;

import java.util.List;
import java.util.Objects;

/** Outcome of {@link ExperimentParser#parse(String)}: a valid experiment, or every error found. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Invalid {

  /** The definition is valid. */
  record Valid(Experiment experiment) implements ParseResult {
    public Valid {
      Objects.requireNonNull(experiment, "experiment");
    }
  }

  /** The definition has at least one error; {@code errors} lists all of them in document order. */
  record Invalid(List<ValidationError> errors) implements ParseResult {
    public Invalid {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("errors must not be empty");
      }
    }
  }

  /** Whether this is {@link Valid}. */
  default boolean isValid() {
    return this instanceof Valid;
  }
}
