package dev.abgw.experiments;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What serves a request whose variant could not: another variant ({@code toVariant}, usually control) or a
 * static response, on the listed conditions. The request still counts for the variant it was assigned
 * (intent to treat); the event says what served it. A fallback to the variant itself does not apply.
 */
public record FallbackPolicy(String toVariant, StaticResponse toStatic, Set<FailureCondition> on) {
  public static final Set<FailureCondition> DEFAULT_ON = Set.copyOf(EnumSet.allOf(FailureCondition.class));

  public FallbackPolicy {
    on = Set.copyOf(Objects.requireNonNull(on, "on"));
    if ((toVariant == null) == (toStatic == null)) {
      throw new IllegalArgumentException("exactly one of toVariant and toStatic must be set");
    }
  }
}
