package dev.abgw.gateway.store;

import dev.abgw.analysis.cell.StatKey;
import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Await;
import dev.abgw.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the contract against a real Redis ({@link TestRedis}: REDIS_URL, 6379, or its own), each test under its own key prefix. */
@ExtendWith(TestRedis.class)
class RedisEventStoreTest extends EventStoreContract {
  private static Vertx vertx;
  private String prefix;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    await(vertx.close());
  }

  @Override
  protected EventStore open(dev.abgw.analysis.cell.TimeSeriesBounds bounds) {
    prefix = Await.uniquePrefix("store");
    return await(RedisEventStore.connect(vertx, Await.redisUrl(), prefix, 3600, 100_000,
        RedisEventStore.DEFAULT_TIMEOUT_MILLIS, null, 0, bounds));
  }

  @Override
  void tearDown() {
    super.tearDown();
    deleteKeys(prefix);
  }

  static void deleteKeys(String prefix) {
    Redis redis = Redis.createClient(vertx, Await.redisUrl());
    var keys = await(redis.send(Request.cmd(Command.KEYS).arg(prefix + "*")));
    if (keys.size() > 0) {
      Request del = Request.cmd(Command.DEL);
      for (int i = 0; i < keys.size(); i++) del.arg(keys.get(i).toString());
      await(redis.send(del));
    }
    await(redis.close());
  }

  @Test
  void concurrent_writers_never_lose_an_update() {
    EventStore second = await(RedisEventStore.connect(vertx, Await.redisUrl(), prefix, 3600, 100_000));
    List<StoreRecord> a = new ArrayList<>();
    List<StoreRecord> b = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      a.add(request("e9", "a", "u" + (i % 5), "req-c-a-" + i, 1));
      b.add(request("e9", "a", "u" + (i % 5), "req-c-b-" + i, 1));
    }
    await(io.vertx.core.Future.all(store.writeAll(a), second.writeAll(b)));
    var r = await(store.snapshot("e9")).stats().get(StatKey.overall("a", "latency"));
    assertThat(r.sumN()).isEqualTo(600.0);
    assertThat(r.units()).isEqualTo(5);
    // each unit has 120 requests of value 1: sum N^2 = 5 * 120^2
    assertThat(r.sumN2()).isEqualTo(5 * 120.0 * 120.0);
    await(second.close());
  }

  @Test
  void recovers_when_redis_forgets_the_script() {
    Redis redis = Redis.createClient(vertx, Await.redisUrl());
    await(redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")));
    await(redis.close());
    assertThat(await(store.write(request("e8", "a", "u1", "req-flush-1", 1)))).isEqualTo(WriteResult.STORED);
  }
}
