package dev.abgw.gateway.warmup;

/**
 * How much synthetic traffic the self warm-up drives through a throwaway gateway before the real one starts:
 * at most {@code requests} requests ({@code --warmup-requests}; 0 disables the warm-up), stopped early after
 * {@code maxMillis} ({@code --warmup-millis}), {@code concurrency} in flight at a time, on {@code eventLoops} proxy
 * event loops (those of the real gateway, so the same code runs on as many threads).
 */
public record WarmupPlan(int requests, long maxMillis, int concurrency, int eventLoops) {
  /** Chosen from `./abgw bench warmup` runs (docs/benchmarks.md, "Warm-up pass 2"). */
  public static final int DEFAULT_REQUESTS = 20_000;
  public static final long DEFAULT_MAX_MILLIS = 3_000;
  public static final int DEFAULT_CONCURRENCY = 32;

  public WarmupPlan {
    if (requests < 0) throw new IllegalArgumentException("--warmup-requests must be >= 0 (was " + requests + ")");
    if (maxMillis < 0) throw new IllegalArgumentException("--warmup-millis must be >= 0 (was " + maxMillis + ")");
    if (concurrency < 1) throw new IllegalArgumentException("warm-up concurrency must be >= 1 (was " + concurrency + ")");
    if (eventLoops < 1) throw new IllegalArgumentException("warm-up event loops must be >= 1 (was " + eventLoops + ")");
  }

  public static WarmupPlan of(int requests, long maxMillis, int eventLoops) {
    return new WarmupPlan(requests, maxMillis, DEFAULT_CONCURRENCY, eventLoops);
  }

  /** No warm-up: {@code --warmup-requests 0} or {@code --warmup-millis 0}. */
  public boolean disabled() {
    return requests == 0 || maxMillis == 0;
  }
}
