package dev.abgw.agents;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Infrastructure faults of a simulated agent, on top of its error and hold rates: rate limiting (429 with
 * {@code Retry-After}, drawn at {@code rateLimitRate} per request, or for every request beyond
 * {@code maxRequestsPerSecond} in the same second since start) and outages (every chat request in a window,
 * in milliseconds since start, gets 503). Slow first bytes and hangs are the {@link LatencyModel} and
 * {@code timeoutRate}.
 *
 * @param rateLimitRate probability in [0, 1] that a request is answered 429
 * @param maxRequestsPerSecond requests served per second since start before the rest get 429; 0 for no cap
 * @param retryAfterSeconds the {@code Retry-After} of a 429, 0..3600
 * @param outages windows {@code [fromMillis, toMillis)} since start during which every request gets 503
 */
public record Faults(double rateLimitRate, int maxRequestsPerSecond, int retryAfterSeconds, List<Outage> outages) {

  /** One outage window, in milliseconds since the agent started. */
  public record Outage(long fromMillis, long toMillis) {
    public Outage {
      if (fromMillis < 0 || toMillis <= fromMillis) {
        throw new IllegalArgumentException("outage must have 0 <= fromMillis < toMillis (was " + fromMillis + ".." + toMillis + ")");
      }
    }

    boolean covers(long sinceStartMillis) {
      return sinceStartMillis >= fromMillis && sinceStartMillis < toMillis;
    }
  }

  /** What the faults make of one request. */
  enum Verdict { NONE, RATE_LIMITED, OUTAGE }

  public Faults {
    if (!(rateLimitRate >= 0 && rateLimitRate <= 1)) {
      throw new IllegalArgumentException("rateLimitRate must be between 0 and 1 (was " + rateLimitRate + ")");
    }
    if (maxRequestsPerSecond < 0) {
      throw new IllegalArgumentException("maxRequestsPerSecond must be >= 0 (was " + maxRequestsPerSecond + ")");
    }
    if (retryAfterSeconds < 0 || retryAfterSeconds > 3600) {
      throw new IllegalArgumentException("retryAfterSeconds must be between 0 and 3600 (was " + retryAfterSeconds + ")");
    }
    outages = List.copyOf(outages);
  }

  public static Faults none() {
    return new Faults(0, 0, 1, List.of());
  }

  /**
   * The verdict for request {@code requestNumber} arriving {@code sinceStartMillis} after start, the
   * {@code nthInSecond}-th (from 1) of its second. The rate draw comes from its own stream of
   * {@code (seed, requestNumber)} so it reshuffles none of the other draws.
   */
  Verdict verdict(long seed, long requestNumber, long sinceStartMillis, long nthInSecond) {
    for (Outage o : outages) {
      if (o.covers(sinceStartMillis)) return Verdict.OUTAGE;
    }
    if (maxRequestsPerSecond > 0 && nthInSecond > maxRequestsPerSecond) return Verdict.RATE_LIMITED;
    if (rateLimitRate > 0) {
      double u = new SplittableRandom(seed ^ (requestNumber * 0xC2B2AE3D27D4EB4FL) ^ 0x5DEECE66DL).nextDouble();
      if (u < rateLimitRate) return Verdict.RATE_LIMITED;
    }
    return Verdict.NONE;
  }
}
