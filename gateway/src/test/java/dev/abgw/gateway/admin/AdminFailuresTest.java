package dev.abgw.gateway.admin;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.analysis.cell.StatKey;
import dev.abgw.gateway.Harness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A store that does not answer is 503; a bug in what the gateway does with the answer is 500 and a log line. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminFailuresTest {
  private final Logger log = Logger.getLogger(AdminApi.class.getName());
  private final List<LogRecord> logged = new ArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      synchronized (logged) {
        logged.add(r);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void listen() {
    log.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    log.removeHandler(capture);
  }

  private static String code(HttpResponse<String> r) {
    return new JsonObject(r.body()).getJsonObject("error").getString("code");
  }

  @Test
  void a_store_that_does_not_answer_is_503_and_not_logged_as_a_bug(Vertx vertx) {
    Harness h = Harness.start(vertx, "abgw-test-failures-" + System.nanoTime());
    try {
      h.serve(Harness.twoArms("down", "/v1", 1, 1, 1000, ""));
      await(h.gateway.store().close()); // the Redis client is gone: every store call now fails

      HttpResponse<String> r = h.adminGet("/experiments/down/report");

      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(code(r)).isEqualTo("store_unavailable");
      assertThat(logged).noneMatch(l -> l.getLevel().intValue() >= Level.SEVERE.intValue());
    } finally {
      try {
        h.close();
      } catch (RuntimeException storeAlreadyClosed) {
        // the recorder's last flush fails on the closed store; that is this test's premise
      }
    }
  }

  @Test
  void a_bug_while_building_the_report_is_500_with_a_log_line(Vertx vertx) {
    Harness h = Harness.start(vertx);
    try {
      h.serve(Harness.twoArms("buggy", "/v1", 1, 1, 1000, ""));
      // The store answers fine, with bytes the report cannot decode as a histogram: the failure is ours.
      await(h.gateway.store().putHistograms("buggy", "instance-x",
          Map.of(StatKey.overall("control", "no-such-metric"), new byte[] {1, 2, 3})));

      HttpResponse<String> r = h.adminGet("/experiments/buggy/report");

      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(code(r)).isEqualTo("internal");
      assertThat(logged).anyMatch(l -> l.getLevel() == Level.SEVERE
          && l.getMessage().contains("GET /experiments/buggy/report") && l.getThrown() != null);
    } finally {
      h.close();
    }
  }
}
