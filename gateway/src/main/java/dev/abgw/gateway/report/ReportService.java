package dev.abgw.gateway.report;

import dev.abgw.experiments.Experiment;
import dev.abgw.gateway.store.EventStore;
import dev.abgw.stats.report.SequentialState;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.time.Clock;

/**
 * Builds the live report of an experiment from the store's sufficient statistics and keeps the
 * sequential running intersection between looks (stored per experiment, so every instance and every
 * restart continues the same sequence).
 *
 * <p>The report stays a Jackson tree until the caller writes it once (no string round trip), state and
 * statistics are read together, and the state is written back only when the look changed it.
 */
public final class ReportService {
  private final EventStore store;
  private final Clock clock;

  public ReportService(EventStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public Future<ObjectNode> report(Experiment e) {
    return report(e, java.util.Set.of());
  }

  /** The report, with the treatments the monitor {@code stopped} out of the sample ratio check. */
  public Future<ObjectNode> report(Experiment e, java.util.Set<String> stopped) {
    Future<java.util.Optional<String>> state = store.analysisState(e.id());
    Future<dev.abgw.gateway.store.Snapshot> snapshot = store.snapshot(e.id());
    return Future.all(state, snapshot).compose(v -> {
      SequentialState previous = state.result().map(SequentialState::fromJson).orElse(SequentialState.empty());
      ReportAssembler.Assembled a = ReportAssembler.assemble(e, snapshot.result(), previous, stopped, clock);
      String next = a.next().toJson();
      if (next.equals(state.result().orElse(null))) return Future.succeededFuture(a.json());
      return store.putAnalysisState(e.id(), next).map(x -> a.json());
    });
  }
}
