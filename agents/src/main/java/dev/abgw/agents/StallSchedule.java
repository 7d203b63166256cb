package dev.abgw.agents;

/**
 * Periodic backend stalls, like a stop-the-world pause: in every period of {@code periodMillis}
 * (counted from the agent's start) the last {@code stallMillis} are a stall, and a request that
 * arrives during a stall is not looked at until the stall ends. This is what exposes coordinated
 * omission: a closed-loop client sends almost nothing during a stall and so hardly sees it.
 *
 * @param periodMillis length of one period; 0 with {@code stallMillis} 0 means never stall
 * @param stallMillis length of the stall at the end of each period, less than the period
 */
public record StallSchedule(long periodMillis, long stallMillis) {

  public StallSchedule {
    if (periodMillis < 0) {
      throw new IllegalArgumentException("stall.periodMillis must be >= 0 (was " + periodMillis + ")");
    }
    if (stallMillis < 0 || (stallMillis > 0 && stallMillis >= periodMillis)) {
      throw new IllegalArgumentException(
          "stall.stallMillis must be >= 0 and < stall.periodMillis (" + periodMillis + ") (was " + stallMillis + ")");
    }
  }

  /** Never stalls. */
  public static StallSchedule none() {
    return new StallSchedule(0, 0);
  }

  /** Stalls for the last {@code stallMillis} of every {@code periodMillis}. */
  public static StallSchedule every(long periodMillis, long stallMillis) {
    return new StallSchedule(periodMillis, stallMillis);
  }

  /** Whether this schedule ever stalls. */
  public boolean enabled() {
    return stallMillis > 0;
  }

  /**
   * Milliseconds a request arriving {@code sinceStartMillis} after the agent started must wait
   * before it is handled: 0 outside a stall, the time left until the stall ends inside one.
   */
  public long delayMillis(long sinceStartMillis) {
    if (!enabled()) {
      return 0;
    }
    long intoPeriod = Math.floorMod(sinceStartMillis, periodMillis);
    long stallStart = periodMillis - stallMillis;
    return intoPeriod >= stallStart ? periodMillis - intoPeriod : 0;
  }
}
