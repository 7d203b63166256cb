package dev.abgw.stats.quantile;

import java.util.Objects;
import org.HdrHistogram.Recorder;

/**
 * The gateway's hot-path recorder for one continuous metric of one variant: wait-free {@link #record} from
 * any number of threads, and {@link #intervalHistogram()} to flush what was recorded since the previous flush.
 *
 * <p>Built on {@link org.HdrHistogram.Recorder} (auto-resizing, 3 significant digits), which swaps two
 * internal histograms on each flush so that writers never block and no value is lost or counted twice. The
 * intended pattern: every request calls {@code record(latencyMillis)}; a timer calls {@code intervalHistogram()}
 * and merges it into the stored {@link ValueHistogram} (or stores its {@link ValueHistogram#encode()} bytes).
 * Call {@code intervalHistogram()} from one thread at a time (it is synchronized).
 */
public final class ValueRecorder {

  private final ValueScale scale;
  private final Recorder recorder;
  /** Magnitudes of negative values; created on the first one (most metrics never see one). */
  private volatile Recorder negatives;

  private ValueRecorder(ValueScale scale) {
    this.scale = Objects.requireNonNull(scale, "scale");
    this.recorder = new Recorder(ValueHistogram.SIGNIFICANT_DIGITS);
  }

  /** A recorder for values at {@code scale}. */
  public static ValueRecorder of(ValueScale scale) {
    return new ValueRecorder(scale);
  }

  /** The scale values are recorded at. */
  public ValueScale scale() {
    return scale;
  }

  /**
   * Records one value (finite, magnitude at most {@link ValueScale#maxValue()}); wait-free, safe from any
   * thread (the first negative value creates the negative half once, under a lock).
   */
  public void record(double value) {
    long units = scale.toUnits(value);
    if (units >= 0) {
      recorder.recordValue(units);
    } else {
      negativeRecorder().recordValue(-units);
    }
  }

  private Recorder negativeRecorder() {
    Recorder r = negatives;
    if (r == null) {
      synchronized (this) {
        r = negatives;
        if (r == null) {
          r = new Recorder(ValueHistogram.SIGNIFICANT_DIGITS);
          negatives = r;
        }
      }
    }
    return r;
  }

  /** The values recorded since the previous call (or since creation), as a new histogram. */
  public synchronized ValueHistogram intervalHistogram() {
    Recorder n = negatives;
    return ValueHistogram.wrap(scale, recorder.getIntervalHistogram(),
        n == null ? null : n.getIntervalHistogram());
  }
}
