package dev.abgw.loadtest.bench;

import io.vertx.core.Vertx;

/** Samples {@link Rss#mebibytes()} every 100 ms on a timer and keeps the peak. */
final class RssSampler {

  private final Vertx vertx;
  private final long timer;
  private volatile double peak;

  private RssSampler(Vertx vertx) {
    this.vertx = vertx;
    this.peak = Rss.mebibytes();
    this.timer = vertx.setPeriodic(100, id -> peak = Math.max(peak, Rss.mebibytes()));
  }

  static RssSampler start(Vertx vertx) {
    return new RssSampler(vertx);
  }

  /** Stops sampling; the peak resident memory seen, in MiB. */
  double stop() {
    vertx.cancelTimer(timer);
    return Math.max(peak, Rss.mebibytes());
  }
}
