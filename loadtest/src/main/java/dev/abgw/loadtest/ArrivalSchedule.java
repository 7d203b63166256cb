package dev.abgw.loadtest;

/**
 * Intended send times of an open-loop run: the rate rises linearly from {@code fromRps} to
 * {@code targetRps} over {@code rampMillis}, then stays at {@code targetRps}.
 *
 * <p>With rate {@code r(t) = r0 + (r1 - r0) t / T} on {@code [0, T]}, the expected number of requests
 * sent by {@code t} is {@code N(t) = r0 t + (r1 - r0) t^2 / (2T)}, and request {@code i} (from 0) is
 * sent at {@code N^-1(i) = 2i / (r0 + sqrt(r0^2 + 2 (r1 - r0) i / T))} (the cancellation-free root of
 * the quadratic); after the ramp, {@code t_i = T + (i - N(T)) / r1} with {@code N(T) = (r0 + r1) T / 2}.
 * Computing each time from {@code i} rather than adding intervals keeps long runs free of drift.
 *
 * @param fromRps rate at the start of the ramp, >= 0 (ignored when {@code rampMillis} is 0)
 * @param targetRps rate after the ramp, > 0
 * @param rampMillis ramp length, >= 0
 */
public record ArrivalSchedule(double fromRps, double targetRps, long rampMillis) {

  public ArrivalSchedule {
    if (!(targetRps > 0) || Double.isInfinite(targetRps)) {
      throw new IllegalArgumentException("targetRps must be a finite number > 0 (was " + targetRps + ")");
    }
    if (!(fromRps >= 0) || Double.isInfinite(fromRps)) {
      throw new IllegalArgumentException("rampFromRps must be a finite number >= 0 (was " + fromRps + ")");
    }
    if (rampMillis < 0) {
      throw new IllegalArgumentException("rampMillis must be >= 0 (was " + rampMillis + ")");
    }
  }

  /** A constant rate. */
  public static ArrivalSchedule constant(double rps) {
    return new ArrivalSchedule(rps, rps, 0);
  }

  /** Rate at {@code seconds} after the start. */
  public double rateAt(double seconds) {
    if (rampMillis == 0 || seconds >= rampMillis / 1000.0) {
      return targetRps;
    }
    return fromRps + (targetRps - fromRps) * seconds / (rampMillis / 1000.0);
  }

  /** Intended send time of request {@code i} (from 0), in nanoseconds after the start. */
  public long offsetNanos(long i) {
    if (i < 0) {
      throw new IllegalArgumentException("request index must be >= 0 (was " + i + ")");
    }
    return Math.round(offsetSeconds(i) * 1e9);
  }

  private double offsetSeconds(long i) {
    if (i == 0) {
      return 0;
    }
    if (rampMillis == 0) {
      return i / targetRps;
    }
    double ramp = rampMillis / 1000.0;
    double inRamp = (fromRps + targetRps) * ramp / 2;
    if (i >= inRamp) {
      return ramp + (i - inRamp) / targetRps;
    }
    double discriminant = fromRps * fromRps + 2 * (targetRps - fromRps) * i / ramp;
    return 2 * i / (fromRps + Math.sqrt(Math.max(0, discriminant)));
  }
}
