package dev.abgw.gateway.report;

import dev.abgw.experiments.Experiment;
import dev.abgw.gateway.store.EventStore;
import dev.abgw.stats.report.SequentialState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/**
 * Builds the live report of an experiment from the store's sufficient statistics and keeps the
 * sequential running intersection between looks (stored per experiment, so every instance and every
 * restart continues the same sequence).
 */
public final class ReportService {
  private final EventStore store;
  private final Clock clock;

  public ReportService(EventStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public Future<JsonObject> report(Experiment e) {
    return store.analysisState(e.id()).compose(state -> store.snapshot(e.id()).compose(snapshot -> {
      SequentialState previous = state.map(SequentialState::fromJson).orElse(SequentialState.empty());
      ReportAssembler.Assembled a = ReportAssembler.assemble(e, snapshot, previous, clock);
      JsonObject json = new JsonObject(a.json().toString());
      return store.putAnalysisState(e.id(), a.next().toJson()).map(v -> json);
    }));
  }
}
