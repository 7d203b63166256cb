package dev.abgw.gateway.store;

import dev.abgw.analysis.cell.Snapshot;
import dev.abgw.analysis.cell.StatKey;
import dev.abgw.analysis.cell.TimeBucket;
import dev.abgw.analysis.event.RequestContext;
import dev.abgw.experiments.Experiment;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Where exposures, proxy outcomes and judgments live. Two implementations serve the same contract
 * (one contract test suite runs against both): {@link RedisEventStore} for production and several
 * gateway instances, {@link EmbeddedEventStore} in process, persisted to a data directory.
 *
 * <p>Every {@link #write} is atomic: the event, the unit's sums and the arm-level sufficient statistics
 * move together or not at all, so concurrent gateway instances never race on read-modify-write.
 */
public interface EventStore {

  /** Applies one record atomically. DUPLICATE (and no change) when its dedupe id was seen before. */
  Future<WriteResult> write(StoreRecord record);

  /** Applies records in order, pipelined; one result per record. */
  Future<List<WriteResult>> writeAll(List<StoreRecord> records);

  /** The context of a request id, if it was recorded and is still retained. */
  Future<Optional<RequestContext>> context(String requestId);

  /** Counts and sufficient statistics of one experiment. */
  Future<Snapshot> snapshot(String experiment);

  /**
   * The time-series buckets of one experiment (the per-bucket deltas of its overall cells and arm counts, by
   * event time, bounded as {@link dev.abgw.analysis.cell.TimeSeriesBounds} says); the report turns them into
   * cumulative points with {@link dev.abgw.analysis.cell.TimeSeries#cumulative}.
   */
  Future<List<TimeBucket>> timeSeries(String experiment);

  /** Replaces this instance's tail histograms of an experiment (cumulative since the instance started). */
  Future<Void> putHistograms(String experiment, String instanceId, java.util.Map<StatKey, byte[]> histograms);

  /** Raw events of an experiment in insertion order, starting after {@code cursor} (null: from the start). */
  Future<EventPage> events(String experiment, String cursor, int limit);

  /** Opaque per-experiment analysis state (the sequential running intersection), or empty. */
  Future<Optional<String>> analysisState(String experiment);

  Future<Void> putAnalysisState(String experiment, String state);

  /** Experiment definitions saved through the admin API, so they survive a restart; those that no longer validate apart. */
  Future<SavedDefinitions> experiments();

  Future<Void> putExperiment(Experiment experiment);

  /** The store's own account of its health (spool depth, unreadable lines...); ok unless it says otherwise. */
  default StoreHealth health() {
    return StoreHealth.ok();
  }

  Future<Void> close();
}
