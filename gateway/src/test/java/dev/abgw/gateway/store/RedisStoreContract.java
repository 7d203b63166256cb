package dev.abgw.gateway.store;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.analysis.cell.StatKey;
import dev.abgw.analysis.cell.TimeSeriesBounds;
import dev.abgw.gateway.Await;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on a {@link RedisEventStore} (one Redis, one Redis in shards, a cluster), each test under its own
 * key prefix, plus what only a shared Redis can show: two gateways writing the same units at once.
 */
abstract class RedisStoreContract extends EventStoreContract {
  static Vertx vertx;
  String prefix;

  /** The {@code --redis} URL of the target. */
  abstract String url();

  /** The {@code --redis-shards} count ({@link RedisEventStore#AUTO_SHARDS}: the target's default). */
  int shards() {
    return RedisEventStore.AUTO_SHARDS;
  }

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    await(vertx.close());
  }

  private EventStore connect(TimeSeriesBounds bounds) {
    return await(RedisEventStore.connect(vertx, url(), prefix, 3600, 100_000, RedisEventStore.DEFAULT_TIMEOUT_MILLIS,
        null, 0, shards(), bounds));
  }

  @Override
  protected EventStore open(TimeSeriesBounds bounds) {
    prefix = Await.uniquePrefix(getClass().getSimpleName());
    return connect(bounds);
  }

  @Override
  void tearDown() {
    super.tearDown();
    deleteKeys();
  }

  /** Deletes the test's keys (under {@link #prefix}). */
  void deleteKeys() {
    RedisEventStoreTestKeys.delete(vertx, url(), prefix);
  }

  @Test
  void a_gateway_with_another_shard_count_on_the_same_prefix_refuses_to_start() {
    int other = ((RedisEventStore) store).shardBases("e1").size() == 1 ? 4 : 1;
    Throwable refused = RedisEventStore.connect(vertx, url(), prefix, 3600, 100_000,
        RedisEventStore.DEFAULT_TIMEOUT_MILLIS, null, 0, other, TimeSeriesBounds.DEFAULT)
        .toCompletionStage().handle((ok, err) -> err).toCompletableFuture().join();
    assertThat(refused).isNotNull().hasMessageContaining("--redis-shards is " + other)
        .hasMessageContaining("written with " + ((RedisEventStore) store).shardBases("e1").size() + " shards");
    // The same count (a second gateway, a restart) is accepted.
    EventStore same = connect(TimeSeriesBounds.DEFAULT);
    await(same.close());
  }

  @Test
  void concurrent_writers_never_lose_an_update() {
    EventStore second = connect(TimeSeriesBounds.DEFAULT);
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
}
