package dev.abgw.stats.report;

import dev.abgw.experiments.Mode;
import dev.abgw.stats.RatioStats;
import dev.abgw.stats.test.ConfidenceSequence;
import dev.abgw.stats.test.Reason;
import dev.abgw.stats.test.SequentialResult;
import dev.abgw.stats.test.TestResult;
import dev.abgw.stats.test.TwoArmResult;
import dev.abgw.stats.test.WelchTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link TimeSeriesReport} from one {@link ReportInput} per bucket end (the cumulative statistics at
 * that time), in time order. Each point runs the same tests as the report itself: the sample ratio check
 * ({@link SrmCheck}) and, per metric and treatment, Welch's test on the absolute difference
 * ({@link WelchTest}, delta-method variance for ratio metrics). In sequential mode the interval at bucket
 * {@code k} is the running intersection {@code ∩_{j<=k} CS_j} of the confidence sequence
 * ({@link ConfidenceSequence}: Waudby-Smith et al. 2021; Howard et al. 2021) evaluated at every bucket end, and
 * the p-value the running minimum: both valid at all bucket ends simultaneously. It starts afresh at the first
 * bucket, so it depends only on the buckets (the report's own sequential view intersects over report looks).
 * Cost: O(buckets x metrics x variants).
 */
public final class TimeSeriesBuilder {

  private TimeSeriesBuilder() {}

  /** The cumulative statistics at {@code end}. */
  public record Look(Instant end, int bucketMinutes, ReportInput input) {}

  public static TimeSeriesReport build(List<Look> looks) {
    List<TimeSeriesReport.ExposurePoint> exposure = new ArrayList<>(looks.size());
    Map<String, Map<String, List<TimeSeriesReport.EffectPoint>>> byMetric = new LinkedHashMap<>();
    Map<String, SequentialState.Bound> running = new HashMap<>();
    for (Look look : looks) {
      ReportInput in = look.input();
      AnalysisConfig config = in.analysis();
      SrmSection srm = SrmCheck.of(in.liveArms(), config.srmThreshold());
      Map<String, Long> units = new LinkedHashMap<>();
      Map<String, Long> requests = new LinkedHashMap<>();
      for (ArmInput a : in.arms()) {
        units.put(a.variant(), a.units());
        requests.put(a.variant(), a.requests());
      }
      exposure.add(new TimeSeriesReport.ExposurePoint(look.end(), look.bucketMinutes(), units, requests,
          srm.pValue(), srm.mismatch()));
      for (MetricInput metric : in.metrics()) {
        Map<String, List<TimeSeriesReport.EffectPoint>> byVariant =
            byMetric.computeIfAbsent(metric.metric(), m -> new LinkedHashMap<>());
        for (ArmInput arm : in.treatments()) {
          String variant = arm.variant();
          String track = metric.metric() + '\u0000' + variant;
          byVariant.computeIfAbsent(variant, v -> new ArrayList<>())
              .add(point(look.end(), metric, in.control(), variant, config, running, track));
        }
      }
    }
    List<TimeSeriesReport.MetricSeries> metrics = new ArrayList<>();
    byMetric.forEach((metric, byVariant) -> {
      List<TimeSeriesReport.VariantSeries> variants = new ArrayList<>();
      byVariant.forEach((v, points) -> variants.add(new TimeSeriesReport.VariantSeries(v, points)));
      metrics.add(new TimeSeriesReport.MetricSeries(metric, variants));
    });
    return new TimeSeriesReport(exposure, metrics);
  }

  private static TimeSeriesReport.EffectPoint point(Instant end, MetricInput metric, String control, String variant,
      AnalysisConfig config, Map<String, SequentialState.Bound> running, String track) {
    RatioStats c = metric.byVariant().get(control);
    RatioStats t = metric.byVariant().get(variant);
    boolean sequential = config.mode() == Mode.SEQUENTIAL;
    long units = t == null ? 0 : t.units();
    long controlUnits = c == null ? 0 : c.units();
    Double mean = t == null ? null : Estimates.mean(t);
    Double controlMean = c == null ? null : Estimates.mean(c);
    if (c == null || t == null) {
      return new TimeSeriesReport.EffectPoint(end, units, controlUnits, mean, controlMean, null, null, null, null,
          sequential, Reason.MISSING_VARIANT);
    }
    var ce = Estimates.of(c, metric.kind());
    var te = Estimates.of(t, metric.kind());
    TwoArmResult tests = WelchTest.compare(ce, te, config.alpha());
    TestResult absolute = tests.absolute().orElse(null);
    if (absolute == null) {
      SequentialState.Bound held = running.get(track);
      // A look without an estimate (zero variance, too few units) leaves the running interval as it was.
      return new TimeSeriesReport.EffectPoint(end, units, controlUnits, mean, controlMean, null,
          held == null ? null : held.low(), held == null ? null : held.high(), held == null ? null : held.minP(),
          sequential, tests.reason().orElse(null));
    }
    if (!sequential) {
      return new TimeSeriesReport.EffectPoint(end, units, controlUnits, mean, controlMean, absolute.effect(),
          absolute.low(), absolute.high(), absolute.pValue(), false, null);
    }
    SequentialResult look = ConfidenceSequence.of(absolute, ce.n() + te.n(), config.alpha(),
        config.sequentialTuning());
    SequentialState.Bound bound = running.merge(track, SequentialState.Bound.first(look),
        (held, fresh) -> held.merge(look));
    return new TimeSeriesReport.EffectPoint(end, units, controlUnits, mean, controlMean, absolute.effect(),
        bound.low(), bound.high(), bound.minP(), true, null);
  }
}
