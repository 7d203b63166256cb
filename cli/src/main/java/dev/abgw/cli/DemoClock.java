package dev.abgw.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's event time: its {@code requests} requests are spread evenly over the {@code hours} before they end,
 * so the report's time series has hours to show after a minute of traffic. Request {@code i} happens
 * {@code (requests - i) * hours / requests} before now; once all are sent the clock is the wall clock. It only
 * moves forward (what is left to send only shrinks, and the wall clock only grows).
 */
final class DemoClock extends Clock {
  private final long stepMillis;
  private final AtomicLong remaining;

  DemoClock(int hours, int requests) {
    this.stepMillis = requests == 0 ? 0 : hours * 3_600_000L / requests;
    this.remaining = new AtomicLong(requests);
  }

  /** One more request is on its way. */
  void sent() {
    remaining.updateAndGet(n -> Math.max(0, n - 1));
  }

  @Override
  public long millis() {
    return System.currentTimeMillis() - remaining.get() * stepMillis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
