package dev.abgw.agents;

/**
 * One simulated judgment of an agent answer.
 *
 * @param score continuous grade in [1, 5]
 * @param resolved whether the task counts as resolved
 */
public record Judgment(double score, boolean resolved) {

  public Judgment {
    if (!(score >= 1 && score <= 5)) {
      throw new IllegalArgumentException("score must be between 1 and 5 (was " + score + ")");
    }
  }
}
