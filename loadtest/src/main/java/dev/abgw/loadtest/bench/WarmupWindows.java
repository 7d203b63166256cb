package dev.abgw.loadtest.bench;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Latencies of one open-loop run cut into 1-s windows by intended send time (request {@code i} at a fixed
 * rate {@code r} is due at {@code i / r} s), so window {@code k} is what a user arriving in second {@code k+1}
 * after the gateway took its first request saw.
 *
 * <p>Steady p99 is the p99 of the last {@link #STEADY_WINDOWS} windows pooled. The run has settled from the
 * first window after which no window's p99 is above {@link #SETTLED_FACTOR} times the steady p99; the
 * settle time is the end of the last window above it (0 when none is).
 */
final class WarmupWindows {

  static final int STEADY_WINDOWS = 5;
  static final double SETTLED_FACTOR = 2.0;
  private static final long HIGHEST_MICROS = java.util.concurrent.TimeUnit.HOURS.toMicros(1);

  private final double rps;
  private final List<Histogram> windows = new ArrayList<>();

  WarmupWindows(double rps, int seconds) {
    if (rps <= 0) throw new IllegalArgumentException("rps must be > 0 (was " + rps + ")");
    if (seconds < STEADY_WINDOWS + 1) {
      throw new IllegalArgumentException("seconds must be at least " + (STEADY_WINDOWS + 1) + " (was " + seconds + ")");
    }
    this.rps = rps;
    for (int i = 0; i < seconds; i++) windows.add(new Histogram(HIGHEST_MICROS, 3));
  }

  /** One response of request number {@code sequence}; requests due after the last window are ignored. */
  void record(long sequence, long latencyMicros) {
    int w = (int) (sequence / rps);
    if (w < windows.size()) {
      windows.get(w).recordValue(Math.max(0, Math.min(HIGHEST_MICROS, latencyMicros)));
    }
  }

  int size() {
    return windows.size();
  }

  /** p99 of window {@code w} in ms, or NaN when it holds no response. */
  double p99Millis(int w) {
    Histogram h = windows.get(w);
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1000.0;
  }

  long count(int w) {
    return windows.get(w).getTotalCount();
  }

  double steadyP99Millis() {
    Histogram pooled = new Histogram(HIGHEST_MICROS, 3);
    for (int w = windows.size() - STEADY_WINDOWS; w < windows.size(); w++) pooled.add(windows.get(w));
    return pooled.getTotalCount() == 0 ? Double.NaN : pooled.getValueAtPercentile(99) / 1000.0;
  }

  /** Seconds from the first request until every later window's p99 is within the settled bound. */
  int settledAfterSeconds() {
    double bound = SETTLED_FACTOR * steadyP99Millis();
    for (int w = windows.size() - 1; w >= 0; w--) {
      double p = p99Millis(w);
      if (Double.isNaN(p) || p > bound) return w + 1;
    }
    return 0;
  }
}
