package dev.abgw.experiments;

import java.util.ArrayList;
import java.util.List;

/** Collects validation errors; every message starts with the pointer it is about. */
final class Problems {

  private final List<ValidationError> errors = new ArrayList<>();

  /** Records that the value at {@code pointer} breaks {@code rule}, e.g. {@code add("/allocation", "must be ... (was 2)")}. */
  void add(String pointer, String rule) {
    errors.add(new ValidationError(pointer, pointer.isEmpty() ? rule : pointer + " " + rule));
  }

  int count() {
    return errors.size();
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  List<ValidationError> errors() {
    return List.copyOf(errors);
  }
}
