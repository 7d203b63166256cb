package dev.abgw.gateway.store;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.analysis.cell.StatKey;
import dev.abgw.gateway.Await;
import dev.abgw.stats.RatioStats;
import dev.abgw.testsupport.TestRedis;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
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

  /**
   * A shard an earlier version wrote (unit sums as "S N" text in one hash per cell, one key per judgment id) keeps
   * counting: its sums move into the binary hash as units are touched, its old ids stay duplicates.
   */
  @Test
  void carries_on_the_unit_sums_and_judgment_ids_an_earlier_version_wrote() {
    String base = prefix + ":{e1:0}";
    Redis redis = Redis.createClient(vertx, Await.redisUrl());
    // What the earlier record.lua left after one judgment j-old of value 4 by unit u1 in cell a|score.
    await(redis.send(Request.cmd(Command.HSET).arg(base + ":stats").arg("a|score").arg("1 4 16 1 1 4")));
    await(redis.send(Request.cmd(Command.HSET).arg(base + ":u:a|score").arg("u1").arg("4 1")));
    await(redis.send(Request.cmd(Command.SET).arg(base + ":jid:2:u1:j-old").arg("1").arg("EX").arg(3600)));

    assertThat(await(store.write(judgment("e1", "a", "u1", "j-old", 4)))).isEqualTo(WriteResult.DUPLICATE);
    assertThat(await(store.write(judgment("e1", "a", "u1", "j-new", 2)))).isEqualTo(WriteResult.STORED);
    assertThat(await(store.write(judgment("e1", "a", "u2", "j-new", 3)))).isEqualTo(WriteResult.STORED);

    // u1: S = 6, N = 2; u2: S = 3, N = 1.
    RatioStats r = await(store.snapshot("e1")).stats().get(StatKey.overall("a", "score"));
    assertThat(r.units()).isEqualTo(2);
    assertThat(r.sumS()).isEqualTo(9.0);
    assertThat(r.sumN()).isEqualTo(3.0);
    assertThat(r.sumS2()).isEqualTo(36.0 + 9.0);
    assertThat(r.sumN2()).isEqualTo(4.0 + 1.0);
    assertThat(r.crossSum()).isEqualTo(12.0 + 3.0);
    // The moved sum left the old hash; the shard is marked upgraded.
    assertThat(await(redis.send(Request.cmd(Command.HEXISTS).arg(base + ":u:a|score").arg("u1"))).toInteger())
        .isZero();
    assertThat(Long.parseLong(await(redis.send(Request.cmd(Command.GET).arg(base + ":v2"))).toString())).isPositive();
    await(redis.close());
  }

  @Test
  void a_new_shard_reads_no_earlier_layout() {
    assertThat(await(store.write(judgment("e1", "a", "u1", "j-1", 4)))).isEqualTo(WriteResult.STORED);
    Redis redis = Redis.createClient(vertx, Await.redisUrl());
    assertThat(await(redis.send(Request.cmd(Command.GET).arg(prefix + ":{e1:0}:v2"))).toString()).isEqualTo("0");
    await(redis.close());
  }

  /**
   * Ids live in buckets of the retention W (here 1 s): a retry in the next bucket is still a duplicate, and an id
   * is forgotten only two buckets on, at least W after it was counted; its bucket is then unlinked.
   */
  @Test
  void a_judgment_id_stays_a_duplicate_for_the_retention_across_a_bucket_boundary() throws InterruptedException {
    EventStore shortLived = await(RedisEventStore.connect(vertx, url(), prefix + "-w1", 1, 100_000,
        RedisEventStore.DEFAULT_TIMEOUT_MILLIS, null, 0));
    try {
      Thread.sleep(1_050 - System.currentTimeMillis() % 1_000); // early in a bucket (Redis runs on this clock)
      assertThat(await(shortLived.write(judgment("e1", "a", "u1", "j-1", 4)))).isEqualTo(WriteResult.STORED);
      assertThat(await(shortLived.write(judgment("e1", "a", "u1", "j-1", 4)))).isEqualTo(WriteResult.DUPLICATE);
      Thread.sleep(1_100); // the next bucket: found in the previous one
      assertThat(await(shortLived.write(judgment("e1", "a", "u1", "j-1", 4)))).isEqualTo(WriteResult.DUPLICATE);
      assertThat(await(shortLived.write(judgment("e1", "a", "u1", "j-2", 4)))).isEqualTo(WriteResult.STORED);
      Thread.sleep(2_200); // two buckets on: the first is neither looked in nor kept (unlinked)
      assertThat(await(shortLived.write(judgment("e1", "a", "u1", "j-1", 4)))).isEqualTo(WriteResult.STORED);
      Redis redis = Redis.createClient(vertx, Await.redisUrl());
      Response buckets = await(redis.send(Request.cmd(Command.KEYS).arg(prefix + "-w1:{e1:0}:jids:*")));
      await(redis.close());
      // Bucket K expired at (K + 3) W; K + 1, which holds j-2 and would expire at (K + 4) W, was unlinked.
      assertThat(buckets.size()).as("buckets held: " + buckets).isEqualTo(1);
    } finally {
      await(shortLived.close());
      RedisEventStoreTestKeys.delete(vertx, url(), prefix + "-w1");
    }
  }
}
