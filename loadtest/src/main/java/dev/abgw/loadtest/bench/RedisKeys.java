package dev.abgw.loadtest.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Where scenarios find Redis ({@code REDIS_URL}, else {@code redis://127.0.0.1:6379}) and how they
 * clean up: every run writes under its own key prefix and deletes it afterwards with {@code SCAN}
 * (never {@code KEYS}, which blocks a shared server).
 */
public final class RedisKeys {

  private RedisKeys() {}

  /** {@code REDIS_URL} or the local default. */
  public static String url() {
    String url = System.getenv("REDIS_URL");
    return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
  }

  /** A prefix no other run uses: {@code abgw-bench:<name>:<hex nanos>}. */
  public static String uniquePrefix(String name) {
    return "abgw-bench:" + name + ":" + Long.toHexString(System.nanoTime());
  }

  /**
   * Microseconds Redis has spent in {@code EVALSHA} since its stats were last reset ({@code INFO
   * commandstats}); the difference across a run is the store's script time, whoever else uses the server.
   */
  public static Future<Long> scriptMicros(Vertx vertx, String url) {
    Redis redis = Redis.createClient(vertx, url);
    return redis.send(Request.cmd(Command.INFO).arg("commandstats")).map(r -> {
      for (String line : r.toString().split("\r?\n")) {
        if (line.startsWith("cmdstat_evalsha:")) {
          for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
            if (field.startsWith("usec=")) return Long.parseLong(field.substring(5).trim());
          }
        }
      }
      return 0L;
    }).eventually(() -> redis.close());
  }

  /** Deletes every key starting with {@code prefix}; completes with the number deleted. */
  public static Future<Long> deleteByPrefix(Vertx vertx, String url, String prefix) {
    Redis redis = Redis.createClient(vertx, url);
    return scanFrom(redis, prefix + "*", "0", 0L).eventually(() -> redis.close());
  }

  private static Future<Long> scanFrom(Redis redis, String pattern, String cursor, long deleted) {
    return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(1000))
        .compose(reply -> {
          String next = reply.get(0).toString();
          Response keys = reply.get(1);
          Future<Long> removed = Future.succeededFuture(0L);
          if (keys.size() > 0) {
            Request del = Request.cmd(Command.DEL);
            for (int i = 0; i < keys.size(); i++) {
              del.arg(keys.get(i).toString());
            }
            removed = redis.send(del).map(Response::toLong);
          }
          return removed.compose(n -> "0".equals(next)
              ? Future.succeededFuture(deleted + n)
              : scanFrom(redis, pattern, next, deleted + n));
        });
  }
}
