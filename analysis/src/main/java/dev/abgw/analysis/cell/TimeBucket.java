package dev.abgw.analysis.cell;

import java.util.Map;

/**
 * What the records of one time bucket added to an experiment's statistics: per overall cell the
 * {@link StatsDelta}, per variant the exposed units first seen and the requests. A bucket covers
 * {@code [startMillis, startMillis + width)} of event time; after the oldest hourly buckets are merged
 * (see {@link TimeSeriesBounds}) the oldest one also holds everything before it, which changes no prefix sum.
 */
public record TimeBucket(long startMillis, Width width, Map<StatKey, StatsDelta> cells, Map<String, ArmCounts> arms) {

  /** The two bucket sizes. */
  public enum Width {
    MINUTE(60_000L), HOUR(3_600_000L);

    private final long millis;

    Width(long millis) {
      this.millis = millis;
    }

    public long millis() {
      return millis;
    }

    /** The start of the bucket of this width holding {@code timeMillis}. */
    public long floor(long timeMillis) {
      return Math.floorDiv(timeMillis, millis) * millis;
    }
  }

  public TimeBucket {
    if (width == null) throw new IllegalArgumentException("width must not be null");
    cells = Map.copyOf(cells);
    arms = Map.copyOf(arms);
  }

  /** The end of the bucket: the time its cumulative point stands for. */
  public long endMillis() {
    return startMillis + width.millis();
  }
}
