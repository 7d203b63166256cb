package dev.abgw.gateway.store;

import static dev.abgw.gateway.Await.await;

import dev.abgw.gateway.Await;
import dev.abgw.testsupport.TestRedis;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract on one Redis with 16 shards per experiment (one Redis defaults to 1): the shard sums, the merged
 * export and the contexts in the shards of their ids, on the path where chunks keep records in order across shards.
 */
@ExtendWith(TestRedis.class)
class RedisShardedEventStoreTest extends EventStoreContract {
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
    prefix = Await.uniquePrefix("sharded");
    return await(RedisEventStore.connect(vertx, Await.redisUrl(), prefix, 3600, 100_000,
        RedisEventStore.DEFAULT_TIMEOUT_MILLIS, null, 0, 16, bounds));
  }

  @Override
  void tearDown() {
    super.tearDown();
    RedisEventStoreTestKeys.delete(vertx, Await.redisUrl(), prefix);
  }
}
