package dev.abgw.stats.report;

/**
 * The recommendation: an action, the variant it concerns (null when none), and a sentence
 * explaining it, e.g. {@code "rollback: treatment worse on latency"}.
 */
public record Decision(Action action, String variant, String reason) {

  public Decision {
    if (action == null || reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("decision needs an action and a reason (was "
          + action + ", " + reason + ")");
    }
  }
}
