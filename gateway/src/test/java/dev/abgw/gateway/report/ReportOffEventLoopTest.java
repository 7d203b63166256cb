package dev.abgw.gateway.report;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.experiments.Experiment;
import dev.abgw.gateway.Harness;
import dev.abgw.gateway.store.EmbeddedEventStore;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Report building never runs on the event loop that asked for it (the statistics read the injected clock). */
@ExtendWith(VertxExtension.class)
class ReportOffEventLoopTest {

  /** A clock that notes, on each read, whether it was read on an event loop. */
  static final class WitnessClock extends Clock {
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override public Instant instant() {
      threads.add((Context.isOnEventLoopThread() ? "event-loop " : "other ") + Thread.currentThread().getName());
      return Instant.parse("2026-12-01T09:00:00Z");
    }
  }

  @Test
  void the_statistics_run_on_a_worker_and_the_answer_comes_back_on_the_loop(Vertx vertx, @TempDir Path dir) {
    EmbeddedEventStore store = EmbeddedEventStore.open(dir, Clock.systemUTC(), 3_600_000);
    WitnessClock clock = new WitnessClock();
    ReportService reports = new ReportService(store, clock);
    Experiment e = Harness.twoArms("loop", "/loop", 1, 1, 1000, "");
    Context loop = vertx.getOrCreateContext();
    Promise<String> answeredOn = Promise.promise();
    Promise<dev.abgw.stats.report.Report> report = Promise.promise();
    loop.runOnContext(v -> reports.report(e).onComplete(r -> {
      answeredOn.complete((Context.isOnEventLoopThread() ? "event-loop " : "other ") + Thread.currentThread().getName());
      report.handle(r);
    }));
    assertThat(await(report.future()).experiment()).isEqualTo("loop");
    assertThat(clock.threads).isNotEmpty().allSatisfy(t -> assertThat(t).startsWith("other vert.x-worker-thread"));
    assertThat(await(answeredOn.future())).startsWith("event-loop ");
    await(store.close());
  }
}
