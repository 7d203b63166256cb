package dev.abgw.loadtest.bench;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks a driver thread (never an event loop) on a Vert.x future, so scenarios read top to bottom. */
public final class Blocking {

  private Blocking() {}

  /** The future's value; its failure rethrown unchecked; {@code timeout} exceeded is an error naming the wait. */
  public static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }

  /** {@link #await(Future, Duration)} with a 60 s bound. */
  public static <T> T await(Future<T> future) {
    return await(future, Duration.ofSeconds(60));
  }
}
