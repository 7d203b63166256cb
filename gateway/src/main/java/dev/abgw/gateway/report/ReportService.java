package dev.abgw.gateway.report;

import dev.abgw.analysis.report.ReportAssembler;
import dev.abgw.experiments.Experiment;
import dev.abgw.gateway.store.EventStore;
import dev.abgw.stats.report.Report;
import dev.abgw.stats.report.SequentialState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * Builds the live report of an experiment from the store's sufficient statistics and keeps the
 * sequential running intersection between looks (stored per experiment, so every instance and every
 * restart continues the same sequence).
 *
 * <p>The statistics run on a Vert.x worker thread, never on the calling event loop. The report stays typed until
 * the caller encodes it once, state and statistics are read together, and the
 * state is written back only when the look changed it.
 */
public final class ReportService {
  private final EventStore store;
  private final Clock clock;

  public ReportService(EventStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public Future<Report> report(Experiment e) {
    return report(e, java.util.Set.of());
  }

  /** The report, with the treatments the monitor {@code stopped} out of the sample ratio check. */
  public Future<Report> report(Experiment e, java.util.Set<String> stopped) {
    Future<java.util.Optional<String>> state = store.analysisState(e.id());
    Future<dev.abgw.analysis.cell.Snapshot> snapshot = store.snapshot(e.id());
    Future<java.util.List<dev.abgw.analysis.cell.TimeBucket>> buckets = store.timeSeries(e.id());
    return Future.all(state, snapshot, buckets).compose(v -> {
      SequentialState previous = state.result().map(SequentialState::fromJson).orElse(SequentialState.empty());
      return offEventLoop(() -> ReportAssembler.assemble(e, snapshot.result(), buckets.result(), previous, stopped,
          clock));
    }).compose(a -> {
      String next = a.next().toJson();
      if (next.equals(state.result().orElse(null))) return Future.succeededFuture(a.report());
      return store.putAnalysisState(e.id(), next).map(x -> a.report());
    });
  }

  /**
   * Runs the statistics on a worker thread when called on an event loop: a report over many cells (and the first
   * one, while its classes load and warm up) takes long enough to stall every connection on that loop.
   */
  private static <T> Future<T> offEventLoop(Callable<T> work) {
    Context context = Vertx.currentContext();
    if (context == null) {
      try {
        return Future.succeededFuture(work.call());
      } catch (Exception err) {
        return Future.failedFuture(err);
      }
    }
    return context.executeBlocking(work, false);
  }
}
