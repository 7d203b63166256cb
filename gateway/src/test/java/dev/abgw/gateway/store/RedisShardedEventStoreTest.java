package dev.abgw.gateway.store;


import dev.abgw.gateway.Await;
import dev.abgw.testsupport.TestRedis;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract on one Redis with 16 shards per experiment (one Redis defaults to 1): the shard sums, the merged
 * export and the contexts in the shards of their ids, on the path where chunks keep records in order across shards.
 */
@ExtendWith(TestRedis.class)
class RedisShardedEventStoreTest extends RedisStoreContract {
  @Override
  String url() {
    return Await.redisUrl();
  }

  @Override
  int shards() {
    return 16;
  }
}
