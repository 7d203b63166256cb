package dev.abgw.gateway.poison;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Harness;
import dev.abgw.analysis.cell.ArmCounts;
import dev.abgw.gateway.store.EmbeddedEventStore;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;

class EmbeddedFuzzTest extends FuzzContract {
  private Path dir;

  @Override
  protected Harness start(Vertx vertx) {
    Harness started = Harness.start(vertx);
    dir = started.dataDir;
    return started;
  }

  @Override
  protected void checkReopened(long requests) {
    EmbeddedEventStore reopened = EmbeddedEventStore.open(dir, Clock.systemUTC(), 3_600_000);
    try {
      assertThat(reopened.unreadableLines()).isZero();
      assertThat(await(reopened.snapshot("fz")).arms().values().stream().reduce(new ArmCounts(0, 0), ArmCounts::plus)
          .requests()).isEqualTo(requests);
    } finally {
      await(reopened.close());
    }
  }
}
