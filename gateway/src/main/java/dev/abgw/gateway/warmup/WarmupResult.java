package dev.abgw.gateway.warmup;

/**
 * What one self warm-up did: {@code answered} requests got an answer from the throwaway proxy (any status),
 * {@code failed} did not (transport error), {@code expected} of the answers were the loopback upstream's 200,
 * in {@code millis} from the throwaway gateway's start to its close, of which {@code startMillis} until it listened;
 * {@code timedOut} when {@link WarmupPlan#maxMillis} stopped it before {@link WarmupPlan#requests}; {@code cancelled}
 * when its caller did (a stop signal during the warm-up).
 */
public record WarmupResult(long answered, long expected, long failed, long millis, long startMillis, boolean timedOut,
                           boolean cancelled) {
  public static WarmupResult skipped() {
    return new WarmupResult(0, 0, 0, 0, 0, false, false);
  }

  /** The line {@code abgw serve} logs. */
  public String line() {
    return "warm-up: " + answered + " synthetic request(s) through a throwaway proxy in " + millis + " ms ("
        + startMillis + " ms to start it)"
        + (timedOut ? " (stopped by --warmup-millis)" : "")
        + (cancelled ? " (stopped early: the gateway is stopping)" : "")
        + (failed > 0 || expected < answered ? " (" + (answered - expected) + " unexpected answer(s), " + failed + " failed)" : "");
  }
}
