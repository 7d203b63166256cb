package dev.abgw.gateway;

import dev.abgw.testsupport.TestRedis;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;

/** Blocks a test thread on a Vert.x future, so test bodies read top to bottom. */
public final class Await {
  private Await() {}

  public static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("future failed: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The suite's Redis: {@code REDIS_URL}, else 127.0.0.1:6379 if it answers, else one started for this JVM ({@link TestRedis}). */
  public static String redisUrl() {
    return TestRedis.url();
  }

  /** Deletes the keys under {@code prefix} from the Redis at {@code url} (one Redis; a cluster's node needs one DEL per key). */
  public static void deleteRedisKeys(io.vertx.core.Vertx vertx, String url, String prefix) {
    io.vertx.redis.client.Redis redis = io.vertx.redis.client.Redis.createClient(vertx, url);
    var keys = await(redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.KEYS).arg(prefix + "*")));
    if (keys.size() > 0) {
      var del = io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.DEL);
      for (int i = 0; i < keys.size(); i++) del.arg(keys.get(i).toString());
      await(redis.send(del));
    }
    await(redis.close());
  }

  public static String uniquePrefix(String test) {
    return "abgw-test:" + test + ":" + Long.toHexString(System.nanoTime());
  }
}
