package dev.abgw.gateway.monitor;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * What the monitor and the history keep apart from the statistics: stopped (rolled-back) variants,
 * the change history, and the lease that lets one gateway instance evaluate at a time. Two
 * implementations with the same contract: {@link RedisControlStore} (shared by every instance) and
 * {@link EmbeddedControlStore} (one instance, persisted in the data directory).
 */
public interface ControlStore {

  /** The stopped variants of an experiment, each with the evidence that stopped it. */
  Future<Map<String, io.vertx.core.json.JsonObject>> stopped(String experiment);

  /** Marks {@code variant} stopped; true when this call stopped it, false when it already was. */
  Future<Boolean> stop(String experiment, String variant, io.vertx.core.json.JsonObject evidence);

  /** The rollout stage state of an experiment ({@code index}, {@code since}, {@code unitsAtStart}), if any. */
  Future<java.util.Optional<io.vertx.core.json.JsonObject>> stage(String experiment);

  Future<Void> putStage(String experiment, io.vertx.core.json.JsonObject state);

  /** Appends one change to the experiment's history. */
  Future<Void> append(HistoryEvent event);

  /** The experiment's history, oldest first. */
  Future<List<HistoryEvent>> history(String experiment);

  /**
   * Takes the lease {@code name} for {@code ttlMillis} unless another owner holds it; true when
   * {@code owner} got it. Not renewed: it expires, and the next taker evaluates the next interval.
   */
  Future<Boolean> lease(String name, String owner, long ttlMillis);

  Future<Void> close();
}
