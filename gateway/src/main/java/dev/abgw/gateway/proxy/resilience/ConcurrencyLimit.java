package dev.abgw.gateway.proxy.resilience;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code max} requests in flight, shared by every event loop. A request over the cap may wait in a
 * FIFO queue: a release hands its slot straight to the oldest waiter that has not given up. Waiters are
 * never blocked threads; each is a callback its event loop runs.
 */
final class ConcurrencyLimit {
  /** A queued request; exactly one of {@link #claim()}'s callers wins it (the hand-over or the timeout). */
  static final class Waiter {
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final Runnable granted;

    Waiter(Runnable granted) {
      this.granted = granted;
    }

    boolean claim() {
      return claimed.compareAndSet(false, true);
    }
  }

  private final int max;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();

  ConcurrencyLimit(int max) {
    this.max = max;
  }

  boolean tryAcquire() {
    while (true) {
      int n = inFlight.get();
      if (n >= max) return false;
      if (inFlight.compareAndSet(n, n + 1)) return true;
    }
  }

  /** Queues {@code w}; it runs when a slot is handed over (unless it was claimed first, by its timeout). */
  void enqueue(Waiter w) {
    waiters.add(w);
    // A release may have run between the failed tryAcquire and the add: try once more so no slot idles.
    if (tryAcquire()) {
      if (w.claim()) {
        waiters.remove(w);
        w.granted.run();
      } else {
        release();
      }
    }
  }

  void release() {
    for (Waiter w = waiters.poll(); w != null; w = waiters.poll()) {
      if (w.claim()) {
        w.granted.run();
        return;
      }
    }
    inFlight.decrementAndGet();
  }

  int inFlight() {
    return inFlight.get();
  }
}
