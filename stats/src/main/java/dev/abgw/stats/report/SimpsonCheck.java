package dev.abgw.stats.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Simpson's paradox warning: within one dimension, at least two tested segments, every one of
 * them with an effect of the same sign, and the overall effect of the opposite sign. Usually a
 * sign that the traffic mix differs between arms (or changed over time), so the overall number
 * should not be read alone.
 */
final class SimpsonCheck {

  private SimpsonCheck() {}

  static List<String> warnings(List<MetricReport> metrics) {
    List<String> out = new ArrayList<>();
    for (MetricReport metric : metrics) {
      for (VariantResult overall : metric.variants()) {
        if (overall.control() || overall.comparison().absolute() == null) {
          continue;
        }
        double total = overall.comparison().absolute().effect();
        for (Map.Entry<String, List<Double>> dim : segmentEffects(metric, overall.variant())
            .entrySet()) {
          List<Double> effects = dim.getValue();
          if (effects.size() >= 2 && total != 0
              && effects.stream().allMatch(e -> Math.signum(e) == -Math.signum(total))) {
            out.add(String.format(Locale.ROOT,
                "simpson's paradox: %s of %s is %s overall (%+.4g) but %s in every tested "
                    + "segment of %s (%d segments); check the traffic mix per segment",
                metric.metric(), overall.variant(), total > 0 ? "up" : "down", total,
                total > 0 ? "down" : "up", dim.getKey(), effects.size()));
          }
        }
      }
    }
    return out;
  }

  private static Map<String, List<Double>> segmentEffects(MetricReport metric, String variant) {
    Map<String, List<Double>> byDimension = new LinkedHashMap<>();
    for (SegmentReport cell : metric.segments()) {
      if (!cell.enoughData()) {
        continue;
      }
      for (SegmentVariantResult r : cell.variants()) {
        if (r.variant().equals(variant) && r.absolute() != null) {
          byDimension.computeIfAbsent(cell.dimension(), d -> new ArrayList<>())
              .add(r.absolute().effect());
        }
      }
    }
    return byDimension;
  }
}
