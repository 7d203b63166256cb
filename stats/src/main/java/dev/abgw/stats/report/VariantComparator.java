package dev.abgw.stats.report;

import dev.abgw.experiments.Correction;
import dev.abgw.experiments.Direction;
import dev.abgw.experiments.Mode;
import dev.abgw.stats.RatioStats;
import dev.abgw.stats.test.ArmEstimate;
import dev.abgw.stats.test.BayesianLift;
import dev.abgw.stats.test.BayesianResult;
import dev.abgw.stats.test.ConfidenceSequence;
import dev.abgw.stats.test.PowerAnalysis;
import dev.abgw.stats.test.PowerResult;
import dev.abgw.stats.test.Reason;
import dev.abgw.stats.test.SequentialResult;
import dev.abgw.stats.test.TestResult;
import dev.abgw.stats.test.TwoArmResult;
import dev.abgw.stats.test.WelchTest;
import java.util.Optional;

/**
 * One treatment against control on one metric, before the family correction: Welch tests,
 * confidence sequence merged into the previous running state, Bayesian lift and power.
 */
final class VariantComparator {

  private VariantComparator() {}

  /** The comparison (verdict still INCONCLUSIVE, no adjusted p) and the next running state. */
  record Outcome(Comparison comparison, Optional<SequentialState.Track> track) {}

  /**
   * @param comparisons size of the correction family this comparison belongs to (metrics of the
   *     same decisiveness x treatments), for the planning alpha of the sample-size advice
   */
  static Outcome compare(MetricInput metric, RatioStats control, RatioStats treatment,
      String variant, AnalysisConfig config, Optional<SequentialState.Track> previous,
      int comparisons) {
    ArmEstimate c = Estimates.of(control, metric.kind());
    ArmEstimate t = Estimates.of(treatment, metric.kind());
    TwoArmResult tests = WelchTest.compare(c, t, config.alpha());
    TestResult absolute = tests.absolute().orElse(null);
    TestResult relative = tests.relative().orElse(null);
    Reason reason = tests.reason().orElse(null);
    if (absolute == null) {
      Comparison none = new Comparison(null, null, null, null, null, null, Verdict.INCONCLUSIVE,
          reason);
      return new Outcome(none, previous);
    }
    SequentialView sequential = null;
    Optional<SequentialState.Track> track = previous;
    if (config.mode() == Mode.SEQUENTIAL) {
      SequentialState.Track next = merge(metric.metric(), variant, absolute, relative,
          c.n() + t.n(), config, previous);
      sequential = new SequentialView(next.absolute().asResult(),
          next.relative() == null ? null : next.relative().asResult());
      track = Optional.of(next);
    }
    boolean higherIsBetter = metric.direction() == Direction.INCREASE;
    BayesianResult bayesian = relative == null ? null
        : BayesianLift.posterior(relative, config.priorSd(), config.alpha(), higherIsBetter);
    double planningAlpha = planningAlpha(config, comparisons);
    PowerResult mde = (config.mode() == Mode.SEQUENTIAL
        ? PowerAnalysis.sequential(c, t, planningAlpha, config.power(), config.targetLift(),
            config.sequentialTuning())
        : PowerAnalysis.of(c, t, planningAlpha, config.power(), config.targetLift()))
        .orElse(null);
    Comparison comparison = new Comparison(absolute, relative, sequential, null, bayesian, mde,
        Verdict.INCONCLUSIVE, reason);
    return new Outcome(comparison, track);
  }

  /**
   * The per-comparison alpha the sample-size advice plans for: {@code alpha / m} (Bonferroni) for
   * Holm and Benjamini-Hochberg over a family of {@code m} comparisons, {@code alpha} without a
   * correction. A p-value below {@code alpha / m} is rejected by Holm (its first, strictest step)
   * and by Benjamini-Hochberg (rank 1 threshold) whatever the other comparisons show, so it is the
   * level at which the planned detection is guaranteed; with other true effects in the family both
   * procedures relax towards {@code alpha}, so the advice is conservative.
   */
  static double planningAlpha(AnalysisConfig config, int comparisons) {
    return config.correction() == Correction.NONE ? config.alpha()
        : config.alpha() / Math.max(1, comparisons);
  }

  private static SequentialState.Track merge(String metric, String variant, TestResult absolute,
      TestResult relative, long totalUnits, AnalysisConfig config,
      Optional<SequentialState.Track> previous) {
    SequentialResult absLook = ConfidenceSequence.of(absolute, totalUnits, config.alpha(),
        config.sequentialTuning());
    SequentialState.Bound abs = previous.map(p -> p.absolute().merge(absLook))
        .orElse(SequentialState.Bound.first(absLook));
    SequentialState.Bound rel = null;
    if (relative != null) {
      SequentialResult relLook = ConfidenceSequence.of(relative, totalUnits, config.alpha(),
          config.sequentialTuning());
      SequentialState.Bound prevRel = previous.map(SequentialState.Track::relative).orElse(null);
      rel = prevRel == null ? SequentialState.Bound.first(relLook) : prevRel.merge(relLook);
    } else {
      rel = previous.map(SequentialState.Track::relative).orElse(null);
    }
    return new SequentialState.Track(metric, variant, abs, rel);
  }
}
