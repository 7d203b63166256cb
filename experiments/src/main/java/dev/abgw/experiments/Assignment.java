package dev.abgw.experiments;

import java.util.Objects;

/**
 * The arm a unit is served by.
 *
 * @param variant the arm to proxy to
 * @param counted {@code false} when the unit is served by control without being part of the analysis
 *     (experiment not running, unit outside the allocation, or no unit id with fallback control)
 */
public record Assignment(Variant variant, boolean counted) {

  public Assignment {
    Objects.requireNonNull(variant, "variant");
  }
}
