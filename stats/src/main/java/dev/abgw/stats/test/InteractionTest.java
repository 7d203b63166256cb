package dev.abgw.stats.test;

/**
 * Does the treatment effect in a segment differ from the effect in the rest of its dimension?
 * Two-sided z test on the difference of two effects estimated on disjoint request sets
 * (Altman and Bland 2003, "Interaction revisited: the difference between two estimates", BMJ):
 *
 * <pre>
 *   z = (TE_s - TE_rest) / sqrt(SE_s^2 + SE_rest^2),   p = 2 Phi(-|z|)
 * </pre>
 *
 * <p>Units that send requests in several segments make the two estimates slightly correlated;
 * the test treats them as independent.
 */
public final class InteractionTest {

  private InteractionTest() {}

  public static double pValue(TestResult segment, TestResult rest) {
    double se = Math.sqrt(segment.se() * segment.se() + rest.se() * rest.se());
    if (se == 0) {
      return segment.effect() == rest.effect() ? 1 : 0;
    }
    return Distributions.normalTwoSided((segment.effect() - rest.effect()) / se);
  }
}
