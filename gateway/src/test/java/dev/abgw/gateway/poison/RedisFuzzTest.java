package dev.abgw.gateway.poison;

import dev.abgw.gateway.Await;
import dev.abgw.gateway.Harness;
import io.vertx.core.Vertx;

class RedisFuzzTest extends FuzzContract {
  @Override
  protected Harness start(Vertx vertx) {
    return Harness.start(vertx, Await.uniquePrefix("fuzz"));
  }

  @Override
  protected void checkReopened(long requests) {
    // Redis holds the data; the exact counts were checked while the gateway ran.
  }
}
