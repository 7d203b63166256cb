package dev.abgw.gateway.store;

import static dev.abgw.gateway.Await.await;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;

/** Deletes a test's keys from a Redis. */
final class RedisEventStoreTestKeys {
  private RedisEventStoreTestKeys() {}

  static void delete(Vertx vertx, String url, String prefix) {
    dev.abgw.gateway.Await.deleteRedisKeys(vertx, url, prefix);
  }

  /** As {@link #delete}, on one node of a cluster: keys of different slots cannot go in one DEL there. */
  static void deleteOneByOne(Vertx vertx, String nodeUrl, String prefix) {
    Redis redis = Redis.createClient(vertx, nodeUrl);
    var keys = await(redis.send(Request.cmd(Command.KEYS).arg(prefix + "*")));
    List<Request> dels = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) dels.add(Request.cmd(Command.DEL).arg(keys.get(i).toString()));
    if (!dels.isEmpty()) await(redis.batch(dels));
    await(redis.close());
  }
}
