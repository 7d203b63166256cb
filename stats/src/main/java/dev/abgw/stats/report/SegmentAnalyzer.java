package dev.abgw.stats.report;

import dev.abgw.experiments.Direction;
import dev.abgw.stats.RatioStats;
import dev.abgw.stats.test.BenjaminiHochberg;
import dev.abgw.stats.test.InteractionTest;
import dev.abgw.stats.test.Reason;
import dev.abgw.stats.test.TestResult;
import dev.abgw.stats.test.TwoArmResult;
import dev.abgw.stats.test.WelchTest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Segment breakdowns ("long tail"): per cell the same Welch tests as overall (fixed horizon, at
 * the current look), the interaction with the rest of the dimension, Benjamini-Hochberg over
 * every tested segment x metric x variant (decisive and secondary metrics in separate families),
 * and the regressions that follow.
 *
 * <p>"Rest of the dimension" is the {@code plus} of the dimension's other cells, never overall
 * minus the cell: a unit may span segments, so its squared totals are not subtractive.
 */
final class SegmentAnalyzer {

  private SegmentAnalyzer() {}

  record Result(Map<String, List<SegmentReport>> byMetric, List<Regression> regressions) {}

  /** Position of one tested comparison, to write its adjusted p-value back. */
  private record Slot(String metric, int cell, int variant, TestResult absolute,
      TestResult relative, Direction direction, long units, boolean decisive) {}

  static Result analyze(ReportInput in, boolean sampleRatioMismatch) {
    AnalysisConfig config = in.analysis();
    Map<String, List<SegmentReport>> byMetric = new LinkedHashMap<>();
    List<Slot> family = new ArrayList<>();
    for (MetricInput metric : in.metrics()) {
      List<SegmentReport> cells = new ArrayList<>();
      for (int i = 0; i < metric.segments().size(); i++) {
        SegmentCell cell = metric.segments().get(i);
        SegmentReport report = analyzeCell(in, metric, cell, config);
        for (int v = 0; v < report.variants().size(); v++) {
          SegmentVariantResult r = report.variants().get(v);
          if (!r.control() && r.absolute() != null) {
            family.add(new Slot(metric.metric(), i, v, r.absolute(), r.relative(),
                metric.direction(), r.units(), metric.decisive()));
          }
        }
        cells.add(report);
      }
      byMetric.put(metric.metric(), cells);
    }
    double[] adjusted = new double[family.size()];
    for (boolean decisive : new boolean[] {true, false}) {
      List<Integer> members = new ArrayList<>();
      for (int k = 0; k < family.size(); k++) {
        if (family.get(k).decisive() == decisive) {
          members.add(k);
        }
      }
      double[] p = members.stream().mapToDouble(k -> family.get(k).absolute().pValue()).toArray();
      double[] adjustedHere = BenjaminiHochberg.adjust(p);
      for (int j = 0; j < members.size(); j++) {
        adjusted[members.get(j)] = adjustedHere[j];
      }
    }
    List<Regression> regressions = new ArrayList<>();
    for (int k = 0; k < family.size(); k++) {
      Slot slot = family.get(k);
      Verdict verdict = Verdicts.of(adjusted[k], slot.absolute().effect(), config.alpha(),
          slot.direction(), sampleRatioMismatch);
      List<SegmentReport> cells = byMetric.get(slot.metric());
      SegmentReport cell = cells.get(slot.cell());
      List<SegmentVariantResult> variants = new ArrayList<>(cell.variants());
      SegmentVariantResult updated = variants.get(slot.variant()).withAdjusted(adjusted[k], verdict);
      variants.set(slot.variant(), updated);
      cells.set(slot.cell(), new SegmentReport(cell.dimension(), cell.segment(), cell.enoughData(),
          variants));
      if (verdict == Verdict.WORSE) {
        regressions.add(regression(slot, cell, updated.variant(), adjusted[k]));
      }
    }
    regressions.sort(SEVERITY);
    return new Result(byMetric, regressions);
  }

  /** Largest relative harm first; ties (and undefined relative effects last) by adjusted p. */
  static final Comparator<Regression> SEVERITY = Comparator
      .comparing((Regression r) -> r.relativeEffect() == null)
      .thenComparing(Comparator.comparingDouble(Regression::harm).reversed())
      .thenComparingDouble(Regression::adjustedPValue);

  private static Regression regression(Slot slot, SegmentReport cell, String variant,
      double adjusted) {
    TestResult abs = slot.absolute();
    TestResult rel = slot.relative();
    double harmBase = rel == null ? abs.effect() : rel.effect();
    double harm = slot.direction() == Direction.INCREASE ? -harmBase : harmBase;
    return new Regression(slot.metric(), variant, cell.dimension(), cell.segment(),
        abs.effect(), abs.low(), abs.high(), adjusted, rel == null ? null : rel.effect(),
        slot.units(), harm);
  }

  private static SegmentReport analyzeCell(ReportInput in, MetricInput metric, SegmentCell cell,
      AnalysisConfig config) {
    boolean enoughData = in.arms().stream().allMatch(a ->
        stats(cell, a.variant()).units() >= config.minUnitsPerSegment());
    RatioStats control = stats(cell, in.control());
    RatioStats controlRest = rest(metric, cell, in.control());
    List<SegmentVariantResult> variants = new ArrayList<>();
    for (ArmInput arm : in.arms()) {
      RatioStats s = stats(cell, arm.variant());
      boolean isControl = arm.variant().equals(in.control());
      if (isControl || !enoughData) {
        variants.add(new SegmentVariantResult(arm.variant(), isControl, s.units(),
            Estimates.observations(s), Estimates.mean(s), null, null, null,
            isControl ? null : Verdict.INCONCLUSIVE, null,
            isControl ? null : Reason.NOT_ENOUGH_DATA));
        continue;
      }
      TwoArmResult here = WelchTest.compare(Estimates.of(control, metric.kind()),
          Estimates.of(s, metric.kind()), config.alpha());
      TwoArmResult elsewhere = WelchTest.compare(Estimates.of(controlRest, metric.kind()),
          Estimates.of(rest(metric, cell, arm.variant()), metric.kind()), config.alpha());
      Double interaction = here.absolute().isPresent() && elsewhere.absolute().isPresent()
          ? InteractionTest.pValue(here.absolute().get(), elsewhere.absolute().get())
          : null;
      variants.add(new SegmentVariantResult(arm.variant(), false, s.units(),
          Estimates.observations(s), Estimates.mean(s), here.absolute().orElse(null),
          here.relative().orElse(null), null, Verdict.INCONCLUSIVE, interaction,
          here.reason().orElse(null)));
    }
    return new SegmentReport(cell.dimension(), cell.segment(), enoughData, variants);
  }

  private static RatioStats stats(SegmentCell cell, String variant) {
    return cell.byVariant().getOrDefault(variant, RatioStats.empty());
  }

  private static RatioStats rest(MetricInput metric, SegmentCell cell, String variant) {
    RatioStats sum = RatioStats.empty();
    for (SegmentCell other : metric.segments()) {
      if (other != cell && other.dimension().equals(cell.dimension())) {
        sum = sum.plus(stats(other, variant));
      }
    }
    return sum;
  }
}
