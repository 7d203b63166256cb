package dev.abgw.cli;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a value {@code abgw serve} waits for, rather than a shutdown hook: the command then drains
 * and flushes on its own thread and exits 0 (a JVM that ends through a shutdown hook exits 143 on SIGTERM, which
 * an orchestrator reads as a failure).
 */
final class StopSignals {
  private final BlockingQueue<String> received = new ArrayBlockingQueue<>(4);
  private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

  private StopSignals() {}

  static StopSignals install() {
    StopSignals s = new StopSignals();
    for (String name : new String[] {"TERM", "INT"}) {
      // A second signal while draining means "now": exit at once without waiting for the drain.
      Signal.handle(new Signal(name), sig -> {
        if (s.count.incrementAndGet() > 1) Runtime.getRuntime().halt(1);
        s.received.offer("SIG" + sig.getName());
      });
    }
    return s;
  }

  /** Waits at most {@code millis} for a stop signal; its name, or null when none came. */
  String poll(long millis) throws InterruptedException {
    return received.poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Blocks until the first stop signal and returns its name (e.g. {@code SIGTERM}). */
  String await() throws InterruptedException {
    return received.take();
  }
}
