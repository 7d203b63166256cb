package dev.abgw.analysis.cell;

/**
 * How much time series a store keeps per experiment. Records go into minute buckets while their hour is one of
 * the last {@code minuteHours} started hours (by the latest event time seen, the current hour included), and into
 * hourly buckets before that; once the latest time moves on, whole hours of minute buckets are summed into their
 * hourly bucket. Beyond {@code maxHourlyBuckets} hourly buckets the oldest is summed into the next one. Every
 * merge is a sum of deltas, so the cumulative statistics at the end of every bucket kept stay exact; only the
 * resolution drops. At most {@code 60 * minuteHours + maxHourlyBuckets} buckets, each of (variants x metrics)
 * cells.
 */
public record TimeSeriesBounds(int minuteHours, int maxHourlyBuckets) {
  /** Six hours of minutes, 90 days of hours. */
  public static final TimeSeriesBounds DEFAULT = new TimeSeriesBounds(6, 24 * 90);

  public TimeSeriesBounds {
    if (minuteHours < 0 || minuteHours > 48) {
      throw new IllegalArgumentException("timeseries minute hours must be between 0 and 48 (was " + minuteHours + ")");
    }
    if (maxHourlyBuckets < 1 || maxHourlyBuckets > 24 * 366) {
      throw new IllegalArgumentException("timeseries max hourly buckets must be between 1 and 8784 (was "
          + maxHourlyBuckets + ")");
    }
  }

  /**
   * The start of the oldest hour kept in minute buckets when the latest event time is {@code latestMillis}:
   * a record before it goes to its hourly bucket.
   */
  public long minuteCut(long latestMillis) {
    long hour = TimeBucket.Width.HOUR.millis();
    return TimeBucket.Width.HOUR.floor(latestMillis) + hour - minuteHours * hour;
  }
}
