package dev.abgw.gateway.record;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.analysis.event.RequestContext;
import dev.abgw.gateway.metrics.GatewayMetrics;
import dev.abgw.gateway.store.EmbeddedEventStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Expiry and waiting follow the injected ticker, not the wall clock: these tests never sleep for them. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimeInjectionTest {

  private static EmbeddedEventStore store() throws Exception {
    return EmbeddedEventStore.open(Files.createTempDirectory("abgw-time"), Clock.systemUTC(), Duration.ofDays(1).toMillis());
  }

  @Test
  void a_hot_context_expires_when_the_ticker_passes_its_time() throws Exception {
    ManualTicker ticker = new ManualTicker();
    ContextCache cache = new ContextCache(store(), 100, Duration.ofMinutes(10), ticker);
    RequestContext ctx = new RequestContext("req-hot-0001", "e", "a", "u", 0, Map.of());
    cache.put(ctx);

    ticker.advance(Duration.ofMinutes(9));
    assertThat(cache.cached("req-hot-0001")).isEqualTo(ctx);
    ticker.advance(Duration.ofMinutes(2));
    assertThat(cache.cached("req-hot-0001")).isNull();
  }

  @Test
  void flush_stops_waiting_for_an_unfinished_exchange_when_the_ticker_passes_the_wait(Vertx vertx) throws Exception {
    ManualTicker ticker = new ManualTicker();
    EmbeddedEventStore store = store();
    ContextCache contexts = new ContextCache(store, 100, Duration.ofMinutes(10), ticker);
    Recorder recorder = new Recorder(vertx, store, contexts, new GatewayMetrics(), "inst", 1000, 5, 60_000, ticker);
    // Forwarded, never recorded: flush waits for it, up to FLUSH_WAIT_MILLIS on the ticker.
    recorder.expect(new RequestContext("req-open-0001", "e", "a", "u", 0, Map.of()));

    Future<Void> flushed = recorder.flush();
    assertThat(flushed.isComplete()).isFalse();
    long before = System.nanoTime();
    ticker.advance(Duration.ofMillis(Recorder.FLUSH_WAIT_MILLIS + 1));
    await(flushed);

    // Far sooner than the 2 s of wall time the wait would take on the system ticker.
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(Recorder.FLUSH_WAIT_MILLIS / 2));
    await(recorder.close());
  }
}
