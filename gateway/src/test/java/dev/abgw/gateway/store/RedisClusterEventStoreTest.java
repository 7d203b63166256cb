package dev.abgw.gateway.store;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.analysis.cell.StatKey;
import dev.abgw.testsupport.TestRedisCluster;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract on a real 3-master Redis Cluster ({@link TestRedisCluster}), reached in vertx-redis-client's
 * cluster mode: every script call must touch one slot, or the cluster refuses it.
 */
@ExtendWith(TestRedisCluster.class)
class RedisClusterEventStoreTest extends RedisStoreContract {
  @Override
  String url() {
    return TestRedisCluster.url();
  }

  @Override
  void deleteKeys() {
    for (String node : TestRedisCluster.nodeUrls()) RedisEventStoreTestKeys.deleteOneByOne(vertx, node, prefix);
  }

  @Test
  void spreads_the_shards_of_one_experiment_evenly_over_the_masters() {
    List<StoreRecord> batch = new ArrayList<>();
    for (int i = 0; i < 200; i++) batch.add(request("e10", "a", "unit-" + i, "req-spread-" + i, i));
    await(store.writeAll(batch));
    for (String node : TestRedisCluster.nodeUrls()) {
      Redis redis = Redis.createClient(vertx, node);
      var keys = await(redis.send(Request.cmd(Command.KEYS).arg(prefix + ":{e10:*}:stats")));
      await(redis.close());
      // 6 shards on 3 masters with equal slot ranges (redis-cli --cluster create): 2 each (SlotSpread).
      assertThat(keys.size()).as("shards of e10 on " + node).isEqualTo(2);
    }
    assertThat(await(store.snapshot("e10")).stats().get(StatKey.overall("a", "latency")).units()).isEqualTo(200);
  }

  @Test
  void recovers_when_every_master_forgets_the_script() {
    for (String node : TestRedisCluster.nodeUrls()) {
      Redis redis = Redis.createClient(vertx, node);
      await(redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")));
      await(redis.close());
    }
    List<StoreRecord> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) batch.add(request("e8", "a", "u" + i, "req-flush-" + i, 1));
    assertThat(await(store.writeAll(batch))).containsOnly(WriteResult.STORED).hasSize(50);
    assertThat(await(store.snapshot("e8")).arms().get("a").requests()).isEqualTo(50);
  }
}
