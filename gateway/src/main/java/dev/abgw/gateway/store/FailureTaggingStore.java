package dev.abgw.gateway.store;

import dev.abgw.analysis.cell.Snapshot;
import dev.abgw.analysis.cell.StatKey;
import dev.abgw.analysis.event.RequestContext;
import dev.abgw.experiments.Experiment;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An {@link EventStore} whose every failure, failed future or exception thrown, is a
 * {@link StoreUnavailableException}: so a handler can tell "the store did not answer" (503) from a bug in
 * what it did with the answer (500), and neither hides the other.
 */
public final class FailureTaggingStore implements EventStore {
  private final EventStore store;

  private FailureTaggingStore(EventStore store) {
    this.store = store;
  }

  /** {@code store}, with every failure tagged as {@link StoreUnavailableException}. */
  public static EventStore tag(EventStore store) {
    return store instanceof FailureTaggingStore ? store : new FailureTaggingStore(store);
  }

  private static <T> Future<T> tagged(Supplier<Future<T>> call) {
    Future<T> f;
    try {
      f = call.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(new StoreUnavailableException(e));
    }
    return f.recover(err -> Future.failedFuture(
        err instanceof StoreUnavailableException ? err : new StoreUnavailableException(err)));
  }

  @Override
  public Future<WriteResult> write(StoreRecord record) {
    return tagged(() -> store.write(record));
  }

  @Override
  public Future<List<WriteResult>> writeAll(List<StoreRecord> records) {
    return tagged(() -> store.writeAll(records));
  }

  @Override
  public Future<Optional<RequestContext>> context(String requestId) {
    return tagged(() -> store.context(requestId));
  }

  @Override
  public Future<Snapshot> snapshot(String experiment) {
    return tagged(() -> store.snapshot(experiment));
  }

  @Override
  public Future<java.util.List<dev.abgw.analysis.cell.TimeBucket>> timeSeries(String experiment) {
    return tagged(() -> store.timeSeries(experiment));
  }

  @Override
  public Future<Void> putHistograms(String experiment, String instanceId, Map<StatKey, byte[]> histograms) {
    return tagged(() -> store.putHistograms(experiment, instanceId, histograms));
  }

  @Override
  public Future<EventPage> events(String experiment, String cursor, int limit) {
    return tagged(() -> store.events(experiment, cursor, limit));
  }

  @Override
  public Future<Optional<String>> analysisState(String experiment) {
    return tagged(() -> store.analysisState(experiment));
  }

  @Override
  public Future<Void> putAnalysisState(String experiment, String state) {
    return tagged(() -> store.putAnalysisState(experiment, state));
  }

  @Override
  public Future<SavedDefinitions> experiments() {
    return tagged(store::experiments);
  }

  @Override
  public Future<Void> putExperiment(Experiment experiment) {
    return tagged(() -> store.putExperiment(experiment));
  }

  @Override
  public StoreHealth health() {
    return store.health();
  }

  @Override
  public Future<Void> close() {
    return tagged(store::close);
  }
}
