package dev.abgw.stats.report;

import dev.abgw.stats.test.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The report over time: at the end of every time bucket the store keeps, the cumulative exposure with its sample
 * ratio check, and per metric and treatment the cumulative effect against control with its interval. Built by
 * {@link TimeSeriesBuilder} from one {@link ReportInput} per bucket end; written by {@link ReportJson}.
 *
 * @param exposure one point per bucket end, in time order
 * @param metrics per metric (report order) and treatment, one point per bucket end
 */
public record TimeSeriesReport(List<ExposurePoint> exposure, List<MetricSeries> metrics) {

  public TimeSeriesReport {
    exposure = List.copyOf(exposure);
    metrics = List.copyOf(metrics);
  }

  /**
   * Units and requests of every variant up to {@code end}, and the sample ratio check on them.
   *
   * @param bucketMinutes width of the bucket that ends here (1 or 60; the oldest bucket also holds what came
   *     before it once old hours were merged)
   */
  public record ExposurePoint(Instant end, int bucketMinutes, Map<String, Long> units, Map<String, Long> requests,
                              double srmPValue, boolean srmMismatch) {
    public ExposurePoint {
      units = Map.copyOf(units);
      requests = Map.copyOf(requests);
    }
  }

  /** One metric's series, one per treatment. */
  public record MetricSeries(String metric, List<VariantSeries> variants) {
    public MetricSeries {
      variants = List.copyOf(variants);
    }
  }

  /** One treatment's points against control. */
  public record VariantSeries(String variant, List<EffectPoint> points) {
    public VariantSeries {
      points = List.copyOf(points);
    }
  }

  /**
   * The cumulative comparison at {@code end}: units and means of both arms, the absolute effect (treatment minus
   * control) and its interval with level {@code 1 - alpha}. With {@code sequential} the interval and p-value are
   * the confidence sequence's running intersection and running minimum over the bucket ends so far (valid at every
   * bucket simultaneously), else the fixed-horizon Welch ones. {@code effect}, {@code low}, {@code high},
   * {@code pValue} are null when there is no estimate, and {@code reason} says why.
   */
  public record EffectPoint(Instant end, long units, long controlUnits, Double mean, Double controlMean,
                            Double effect, Double low, Double high, Double pValue, boolean sequential,
                            Reason reason) {}
}
