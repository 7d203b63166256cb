package dev.abgw.gateway.store;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Await;
import dev.abgw.testsupport.TestRedis;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Runs the contract against a real Redis ({@link TestRedis}: REDIS_URL, 6379, or its own), each test under its own key prefix. */
@ExtendWith(TestRedis.class)
class RedisEventStoreTest extends RedisStoreContract {
  @Override
  String url() {
    return Await.redisUrl();
  }

  @Test
  void recovers_when_redis_forgets_the_script() {
    Redis redis = Redis.createClient(vertx, Await.redisUrl());
    await(redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")));
    await(redis.close());
    assertThat(await(store.write(request("e8", "a", "u1", "req-flush-1", 1)))).isEqualTo(WriteResult.STORED);
  }
}
