package dev.abgw.gateway.monitor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ControlStore} in Redis, shared by every gateway instance on the same prefix {@code P}:
 *
 * <ul>
 *   <li>{@code P:{E}:stopped} hash: variant to the evidence JSON (HSETNX, so one instance stops it once)</li>
 *   <li>{@code P:{E}:stage} string: the rollout stage state JSON</li>
 *   <li>{@code P:{E}:history} list: change events as JSON, oldest first (RPUSH)</li>
 *   <li>{@code P:lease:NAME} string: the owner, set with {@code SET NX PX}</li>
 * </ul>
 */
public final class RedisControlStore implements ControlStore {
  private final Redis redis;
  private final String prefix;

  private RedisControlStore(Redis redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  public static Future<ControlStore> connect(Vertx vertx, String redisUrl, String prefix) {
    RedisOptions options;
    try {
      // One Redis or a cluster, as --redis says: every command here names one key, so a cluster takes them all.
      options = dev.abgw.gateway.store.RedisTarget.parse(redisUrl).options().setMaxPoolSize(2);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Redis redis = Redis.createClient(vertx, options);
    RedisControlStore store = new RedisControlStore(redis, prefix);
    return redis.send(Request.cmd(Command.PING)).map(r -> store);
  }

  private String key(String experiment, String what) {
    return prefix + ":{" + experiment + "}:" + what;
  }

  @Override
  public Future<Map<String, JsonObject>> stopped(String experiment) {
    return redis.send(Request.cmd(Command.HGETALL).arg(key(experiment, "stopped"))).map(r -> {
      Map<String, JsonObject> out = new LinkedHashMap<>();
      if (r == null) return out;
      for (String field : r.getKeys()) out.put(field, new JsonObject(r.get(field).toString()));
      return out;
    });
  }

  @Override
  public Future<Boolean> stop(String experiment, String variant, JsonObject evidence) {
    return redis.send(Request.cmd(Command.HSETNX).arg(key(experiment, "stopped")).arg(variant).arg(evidence.encode()))
        .map(r -> r != null && r.toInteger() == 1);
  }

  @Override
  public Future<java.util.Optional<JsonObject>> stage(String experiment) {
    return redis.send(Request.cmd(Command.GET).arg(key(experiment, "stage")))
        .map(r -> r == null ? java.util.Optional.<JsonObject>empty() : java.util.Optional.of(new JsonObject(r.toString())));
  }

  @Override
  public Future<Void> putStage(String experiment, JsonObject state) {
    return redis.send(Request.cmd(Command.SET).arg(key(experiment, "stage")).arg(state.encode())).mapEmpty();
  }

  @Override
  public Future<Void> append(HistoryEvent event) {
    return redis.send(Request.cmd(Command.RPUSH).arg(key(event.experiment(), "history")).arg(event.toJson().encode()))
        .mapEmpty();
  }

  @Override
  public Future<List<HistoryEvent>> history(String experiment) {
    return redis.send(Request.cmd(Command.LRANGE).arg(key(experiment, "history")).arg(0).arg(-1)).map(r -> {
      List<HistoryEvent> out = new ArrayList<>();
      if (r == null) return out;
      for (Response line : r) out.add(HistoryEvent.fromJson(line.toString()));
      return out;
    });
  }

  @Override
  public Future<Boolean> lease(String name, String owner, long ttlMillis) {
    return redis.send(Request.cmd(Command.SET).arg(prefix + ":lease:" + name).arg(owner).arg("NX").arg("PX")
        .arg(ttlMillis)).map(r -> r != null && "OK".equals(r.toString()));
  }

  @Override
  public Future<Void> close() {
    return redis.close();
  }
}
