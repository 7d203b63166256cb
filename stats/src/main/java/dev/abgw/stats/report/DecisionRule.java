package dev.abgw.stats.report;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Turns verdicts into one recommendation, in this order:
 *
 * <ol>
 *   <li>Sample ratio mismatch: {@code invalid}; nothing else can be trusted.</li>
 *   <li>A variant better on at least one metric and worse on none (overall): {@code ship} it
 *       ("ship: b better on helpfulness, no metric worse"). If it has an edge-case regression in
 *       a segment the action is {@code keep running} with reason "ship with caution: b better on
 *       helpfulness but worse on task_type=refund (latency)", so that a person looks at the
 *       segment before shipping; automation never ships past a known regression. With several
 *       candidates: the one without regressions, then the most metrics better, then the
 *       smallest adjusted p-value.</li>
 *   <li>A variant worse on any metric: {@code rollback} ("rollback: b worse on latency").</li>
 *   <li>Otherwise {@code keep running}, with the units per arm still needed for the target lift
 *       on the primary (first) metric, the largest over variants.</li>
 * </ol>
 */
final class DecisionRule {

  private DecisionRule() {}

  private record VariantVerdicts(String variant, List<String> better, List<String> worse,
      List<Regression> regressions, double bestP) {}

  static Decision decide(ReportInput in, SrmSection srm, List<MetricReport> metrics,
      List<Regression> regressions) {
    if (srm.mismatch()) {
      return new Decision(Action.INVALID, null, String.format(Locale.ROOT,
          "invalid: sample ratio mismatch (p = %.3g < %s); check assignment and exposure "
              + "logging before reading any result", srm.pValue(), number(srm.threshold())));
    }
    List<VariantVerdicts> all = new ArrayList<>();
    for (ArmInput arm : in.treatments()) {
      all.add(verdicts(arm.variant(), metrics, regressions));
    }
    List<VariantVerdicts> candidates = all.stream()
        .filter(v -> !v.better().isEmpty() && v.worse().isEmpty())
        .sorted(Comparator.comparing((VariantVerdicts v) -> !v.regressions().isEmpty())
            .thenComparing(v -> -v.better().size())
            .thenComparingDouble(VariantVerdicts::bestP))
        .toList();
    if (!candidates.isEmpty()) {
      return ship(candidates.get(0));
    }
    List<VariantVerdicts> worse = all.stream().filter(v -> !v.worse().isEmpty()).toList();
    if (!worse.isEmpty()) {
      List<String> parts = worse.stream()
          .map(v -> v.variant() + " worse on " + String.join(", ", v.worse()))
          .toList();
      return new Decision(Action.ROLLBACK, worse.get(0).variant(),
          "rollback: " + String.join("; ", parts));
    }
    return keepRunning(in, metrics, all);
  }

  private static Decision ship(VariantVerdicts v) {
    String better = v.variant() + " better on " + String.join(", ", v.better());
    if (v.regressions().isEmpty()) {
      return new Decision(Action.SHIP, v.variant(), "ship: " + better + ", no metric worse");
    }
    return new Decision(Action.KEEP_RUNNING, v.variant(), "ship with caution: " + better
        + " but worse on " + segments(v.regressions())
        + "; review the segment before shipping");
  }

  private static Decision keepRunning(ReportInput in, List<MetricReport> metrics,
      List<VariantVerdicts> all) {
    if (metrics.isEmpty()) {
      return new Decision(Action.KEEP_RUNNING, null, "keep running: no metric to analyse yet");
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
    List<String> flagged = all.stream().filter(v -> !v.regressions().isEmpty())
        .map(v -> v.variant() + " worse on " + segments(v.regressions())).toList();
    if (!flagged.isEmpty()) {
      detail += "; " + String.join("; ", flagged);
    }
    return new Decision(Action.KEEP_RUNNING, null, "keep running: " + detail);
  }

  private static VariantVerdicts verdicts(String variant, List<MetricReport> metrics,
      List<Regression> regressions) {
    List<String> better = new ArrayList<>();
    List<String> worse = new ArrayList<>();
    double bestP = 1;
    for (MetricReport metric : metrics) {
      for (VariantResult r : metric.variants()) {
        if (r.control() || !r.variant().equals(variant)) {
          continue;
        }
        Comparison c = r.comparison();
        if (c.verdict() == Verdict.BETTER) {
          better.add(metric.metric());
          bestP = Math.min(bestP, c.adjustedPValue());
        } else if (c.verdict() == Verdict.WORSE) {
          worse.add(metric.metric());
        }
      }
    }
    List<Regression> own = regressions.stream().filter(g -> g.variant().equals(variant)).toList();
    return new VariantVerdicts(variant, better, worse, own, bestP);
  }

  private static String segments(List<Regression> regressions) {
    List<String> parts = new ArrayList<>();
    for (Regression g : regressions) {
      String part = g.dimension() + "=" + g.segment() + " (" + g.metric() + ")";
      if (!parts.contains(part)) {
        parts.add(part);
      }
    }
    return String.join(", ", parts);
  }

  private static String number(double value) {
    return new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT))
        .format(value);
  }
}
