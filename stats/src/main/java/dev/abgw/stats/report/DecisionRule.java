package dev.abgw.stats.report;

import dev.abgw.stats.test.Reason;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns verdicts into one recommendation, in this order:
 *
 * <ol>
 *   <li>Sample ratio mismatch: {@code invalid}; nothing else can be trusted.</li>
 *   <li>A variant better on at least one metric and worse on none (overall): {@code ship} it
 *       ("ship: b better on helpfulness, no metric worse"). If it has an edge-case regression in
 *       a segment, or differs from control without variance on a metric
 *       ({@link Reason#ZERO_VARIANCE_ARMS_DIFFER}), the action is {@code keep running} with reason
 *       "ship with caution: b better on helpfulness but worse on task_type=refund (latency); review
 *       the segment before shipping", so that a person looks first; automation never ships past a
 *       known regression or an untestable difference. With several candidates: the one without
 *       either, then the most metrics better, then the smallest adjusted p-value.</li>
 *   <li>A variant worse on any metric: {@code rollback} ("rollback: b worse on latency").</li>
 *   <li>Otherwise {@code keep running}, with the units per arm still needed for the target lift
 *       on the primary (first) metric, the largest over variants; or, when a variant differs without
 *       variance, that.</li>
 * </ol>
 *
 * <p>Only decisive metrics ({@link MetricInput#decisive()}) take part in these rules. Whatever the
 * action, the sentence then lists, after "; also", everything else it knew: each variant's wins,
 * losses and edge-case regressions, its untestable differences, and what the secondary metrics
 * showed (marked "(secondary, not decisive)").
 */
final class DecisionRule {

  private DecisionRule() {}

  private static final String SECONDARY = " (secondary, not decisive)";

  /** What one treatment showed; the decisive lists drive the action, every list is reported. */
  private record VariantVerdicts(String variant, List<String> better, List<String> worse,
      List<Regression> regressions, List<String> untestable, List<String> secondaryBetter,
      List<String> secondaryWorse, List<Regression> secondaryRegressions, double bestP) {

    boolean needsReview() {
      return !regressions.isEmpty() || !untestable.isEmpty();
    }

    /** Every finding as a clause, decisive first, in a fixed order. */
    List<String> clauses() {
      List<String> out = new ArrayList<>();
      add(out, "", "better on ", better);
      add(out, "", "worse on ", worse);
      if (!regressions.isEmpty()) {
        out.add(variant + " worse on " + segments(regressions));
      }
      if (!untestable.isEmpty()) {
        out.add(ArmsDifferWithoutVariance.clause(variant, String.join(", ", untestable)));
      }
      add(out, SECONDARY, "better on ", secondaryBetter);
      add(out, SECONDARY, "worse on ", secondaryWorse);
      if (!secondaryRegressions.isEmpty()) {
        out.add(variant + SECONDARY + " worse on " + segments(secondaryRegressions));
      }
      return out;
    }

    private void add(List<String> out, String tag, String what, List<String> metrics) {
      if (!metrics.isEmpty()) {
        out.add(variant + tag + " " + what + String.join(", ", metrics));
      }
    }
  }

  static Decision decide(ReportInput in, SrmSection srm, List<MetricReport> metrics,
      List<Regression> regressions) {
    Set<String> decisive = in.metrics().stream().filter(MetricInput::decisive)
        .map(MetricInput::metric).collect(Collectors.toSet());
    List<VariantVerdicts> all = new ArrayList<>();
    for (ArmInput arm : in.treatments()) {
      all.add(verdicts(arm.variant(), metrics, regressions, decisive));
    }
    List<String> findings = new ArrayList<>();
    all.forEach(v -> findings.addAll(v.clauses()));
    if (srm.mismatch()) {
      String reason = String.format(Locale.ROOT,
          "invalid: sample ratio mismatch (p = %.3g < %s); check assignment and exposure "
              + "logging before reading any result", srm.pValue(), number(srm.threshold()));
      return new Decision(Action.INVALID, null, reason
          + (findings.isEmpty() ? "" : "; measured but untrustworthy: " + String.join("; ", findings)));
    }
    List<VariantVerdicts> candidates = all.stream()
        .filter(v -> !v.better().isEmpty() && v.worse().isEmpty())
        .sorted(Comparator.comparing(VariantVerdicts::needsReview)
            .thenComparing(v -> -v.better().size())
            .thenComparingDouble(VariantVerdicts::bestP))
        .toList();
    if (!candidates.isEmpty()) {
      return ship(candidates.get(0), findings);
    }
    List<VariantVerdicts> worse = all.stream().filter(v -> !v.worse().isEmpty()).toList();
    if (!worse.isEmpty()) {
      List<String> said = worse.stream()
          .map(v -> v.variant() + " worse on " + String.join(", ", v.worse()))
          .toList();
      return new Decision(Action.ROLLBACK, worse.get(0).variant(),
          "rollback: " + String.join("; ", said) + also(findings, said));
    }
    return keepRunning(in, metrics, all, findings);
  }

  private static Decision ship(VariantVerdicts v, List<String> findings) {
    String better = v.variant() + " better on " + String.join(", ", v.better());
    List<String> said = new ArrayList<>(List.of(better));
    if (!v.needsReview()) {
      return new Decision(Action.SHIP, v.variant(),
          "ship: " + better + ", no metric worse" + also(findings, said));
    }
    List<String> caution = new ArrayList<>();
    if (!v.regressions().isEmpty()) {
      caution.add("worse on " + segments(v.regressions()));
      said.add(v.variant() + " worse on " + segments(v.regressions()));
    }
    if (!v.untestable().isEmpty()) {
      String clause = ArmsDifferWithoutVariance.clause(v.variant(), String.join(", ", v.untestable()));
      caution.add(clause.substring(v.variant().length() + 1));
      said.add(clause);
    }
    String review = v.regressions().isEmpty() ? "the metric"
        : v.untestable().isEmpty() ? "the segment" : "them";
    return new Decision(Action.KEEP_RUNNING, v.variant(), "ship with caution: " + better
        + " but " + String.join("; ", caution) + "; review " + review + " before shipping"
        + also(findings, said));
  }

  private static Decision keepRunning(ReportInput in, List<MetricReport> metrics,
      List<VariantVerdicts> all, List<String> findings) {
    if (metrics.isEmpty()) {
      return new Decision(Action.KEEP_RUNNING, null, "keep running: no metric to analyse yet");
    }
    List<String> untestable = all.stream().filter(v -> !v.untestable().isEmpty())
        .map(v -> ArmsDifferWithoutVariance.clause(v.variant(), String.join(", ", v.untestable())))
        .toList();
    if (!untestable.isEmpty()) {
      return new Decision(Action.KEEP_RUNNING, null, "keep running: " + String.join("; ", untestable)
          + ", which the test cannot quantify; check how "
          + (untestable.size() == 1 && all.stream().mapToInt(v -> v.untestable().size()).sum() == 1
              ? "that metric is" : "those metrics are")
          + " recorded before deciding" + also(findings, untestable));
    }
    MetricReport primary = metrics.get(0);
    OptionalLong needed = primary.variants().stream()
        .filter(r -> !r.control() && r.comparison().mde() != null)
        .map(r -> r.comparison().mde().unitsNeededPerArm())
        .filter(OptionalLong::isPresent)
        .mapToLong(OptionalLong::getAsLong)
        .max();
    String lift = number(in.analysis().targetLift() * 100) + "%";
    String detail;
    if (needed.isEmpty()) {
      detail = "not enough data yet on " + primary.metric() + " to estimate the sample size";
    } else if (needed.getAsLong() == 0) {
      detail = "no significant difference yet (" + primary.metric() + " is already powered for a "
          + lift + " lift, so any effect is likely smaller)";
    } else {
      detail = "no significant difference yet (need ~" + needed.getAsLong()
          + " more units per arm for a " + lift + " lift on " + primary.metric() + ")";
    }
    return new Decision(Action.KEEP_RUNNING, null, "keep running: " + detail
        + also(findings, List.of()));
  }

  /** "; also " and the findings the headline did not already say, or nothing. */
  private static String also(List<String> findings, List<String> said) {
    List<String> rest = findings.stream().filter(f -> !said.contains(f)).toList();
    return rest.isEmpty() ? "" : "; also " + String.join("; ", rest);
  }

  private static VariantVerdicts verdicts(String variant, List<MetricReport> metrics,
      List<Regression> regressions, Set<String> decisive) {
    List<String> better = new ArrayList<>();
    List<String> worse = new ArrayList<>();
    List<String> untestable = new ArrayList<>();
    List<String> secondaryBetter = new ArrayList<>();
    List<String> secondaryWorse = new ArrayList<>();
    double bestP = 1;
    for (MetricReport metric : metrics) {
      boolean counts = decisive.contains(metric.metric());
      for (VariantResult r : metric.variants()) {
        if (r.control() || !r.variant().equals(variant)) {
          continue;
        }
        Comparison c = r.comparison();
        if (c.verdict() == Verdict.BETTER) {
          (counts ? better : secondaryBetter).add(metric.metric());
          if (counts) {
            bestP = Math.min(bestP, c.adjustedPValue());
          }
        } else if (c.verdict() == Verdict.WORSE) {
          (counts ? worse : secondaryWorse).add(metric.metric());
        } else if (counts && c.reason() == Reason.ZERO_VARIANCE_ARMS_DIFFER) {
          untestable.add(metric.metric());
        }
      }
    }
    List<Regression> own = regressions.stream().filter(g -> g.variant().equals(variant)).toList();
    return new VariantVerdicts(variant, better, worse,
        own.stream().filter(g -> decisive.contains(g.metric())).toList(), untestable,
        secondaryBetter, secondaryWorse,
        own.stream().filter(g -> !decisive.contains(g.metric())).toList(), bestP);
  }

  static String segments(List<Regression> regressions) {
    List<String> parts = new ArrayList<>();
    for (Regression g : regressions) {
      String part = g.dimension() + "=" + g.segment() + " (" + g.metric() + ")";
      if (!parts.contains(part)) {
        parts.add(part);
      }
    }
    return String.join(", ", parts);
  }

  static String number(double value) {
    return new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT))
        .format(value);
  }
}
