package dev.abgw.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abgw.analysis.cell.TimeSeriesBounds;
import dev.abgw.analysis.event.EventCodec;
import dev.abgw.analysis.report.OfflineAnalysis;
import dev.abgw.experiments.Experiment;
import dev.abgw.gateway.Await;
import dev.abgw.gateway.Harness;
import dev.abgw.stats.report.ReportJson;
import dev.abgw.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The report's time series against a recomputation from the raw export at every bucket: seeded traffic over
 * eight hours of an injected clock (minute buckets for the last two hours, at most four hourly buckets, so both
 * merges happen), then for every bucket end the report of the export's events before that end, computed from
 * scratch by {@code analyze}, must give the point's units, means, effect and interval. In sequential mode the
 * point's interval must be the running intersection of those from-scratch confidence sequences (always valid).
 * And {@code analyze} of the whole export gives the live time series.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@ExtendWith(TestRedis.class)
class TimeSeriesReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TimeSeriesBounds BOUNDS = new TimeSeriesBounds(2, 4);
  /** 2026-03-02T09:17:00Z: not on an hour, so buckets of both widths start mid-traffic. */
  private static final long START = Instant.parse("2026-03-02T09:17:00Z").toEpochMilli();

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    final AtomicLong millis = new AtomicLong();

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  @ParameterizedTest(name = "{0} store, {1} mode")
  @CsvSource({"embedded,fixed", "redis,fixed", "embedded,sequential", "redis,sequential", "redis-16-shards,fixed",
      "redis-16-shards,sequential"})
  void every_bucket_equals_the_report_of_the_events_before_its_end(String storeKind, String mode, Vertx vertx)
      throws Exception {
    String prefix = storeKind.startsWith("redis") ? Await.uniquePrefix("ts") : null;
    // 16 shards on one Redis: each shard merges its buckets on its own, the report sums them.
    int shards = storeKind.equals("redis-16-shards") ? 16 : dev.abgw.gateway.store.RedisEventStore.AUTO_SHARDS;
    TestClock clock = new TestClock();
    clock.millis.set(START);
    Harness h = Harness.start(vertx, prefix, cfg -> cfg.withTimeSeries(BOUNDS).withRedisShards(shards), clock);
    try {
      HttpServer up = Harness.upstream(vertx, req -> req.body().onSuccess(b -> req.response()
          .putHeader("content-type", "application/json")
          .end("{\"choices\":[{\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":"
              + (3 + b.length() % 11) + ",\"total_tokens\":" + (8 + b.length() % 11) + "}}")));
      Experiment e = Harness.experiment("""
          {"id": "ts", "status": "running", "route": {"pathPrefix": "/v1"},
           "unit": {"source": "body", "pointer": "/user"},
           "variants": [{"name": "control", "upstream": "http://127.0.0.1:%1$d", "weight": 1},
                        {"name": "treatment", "upstream": "http://127.0.0.1:%1$d", "weight": 1}],
           "control": "control",
           "analysis": {"mode": "%2$s"},
           "metrics": [{"name": "score", "type": "continuous", "direction": "increase", "source": "judgment", "min": 1, "max": 5},
                       {"name": "tokens", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "totalTokens"}],
           "segments": [{"name": "task", "source": "body", "key": "/task"}]}
          """.formatted(up.actualPort(), mode));
      h.serve(e);
      Random rnd = new Random(16);
      for (int i = 0; i < 240; i++) {
        String user = "user-" + rnd.nextInt(50);
        String body = new JsonObject().put("user", user).put("task", rnd.nextBoolean() ? "a" : "b")
            .put("pad", "x".repeat(rnd.nextInt(30))).encode();
        HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/v1/chat/completions"))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(r.statusCode()).isEqualTo(200);
        boolean treated = "treatment".equals(r.headers().firstValue("x-variant").orElse(""));
        if (rnd.nextInt(3) > 0) {
          JsonObject j = new JsonObject().put("requestId", r.headers().firstValue("x-request-id").orElseThrow())
              .put("metric", "score").put("value", Math.min(5, 1 + rnd.nextInt(4) + (treated ? 1 : 0)));
          assertThat(h.adminPost("/judgments", "application/json", j.encode()).statusCode()).isEqualTo(201);
        }
        h.flush();
        clock.millis.addAndGet(60_000L + rnd.nextInt(60_000)); // about 8 hours in all
      }
      String liveText = h.adminGet("/experiments/ts/report").body();
      JsonNode live = JSON.readTree(liveText);
      // Saved for .ci/check-report-schema.mjs (ajv, strict, on the published schema).
      java.nio.file.Path samples = java.nio.file.Path.of("target/report-samples");
      java.nio.file.Files.createDirectories(samples);
      java.nio.file.Files.writeString(samples.resolve("timeseries-" + storeKind + "-" + mode + ".json"), liveText);
      String export = h.adminGet("/experiments/ts/export").body();

      JsonNode exposure = live.path("timeseries").path("exposure");
      List<Integer> widths = new ArrayList<>();
      exposure.forEach(p -> widths.add(p.path("bucketMinutes").asInt()));
      // At most 4 hourly buckets (the oldest holds the merged hours), then minutes of the last two started hours.
      assertThat(widths.stream().filter(w -> w == 60).count()).isEqualTo(4);
      assertThat(widths.stream().filter(w -> w == 1).count()).isBetween(30L, 120L); // one request every 1 to 2 minutes
      assertThat(widths).isSortedAccordingTo((a, b) -> Integer.compare(b, a));

      List<String> lines = export.lines().filter(l -> !l.isBlank()).toList();
      assertThat(lines).hasSizeGreaterThan(240);
      List<List<double[]>> expectedSequential = new ArrayList<>();
      for (int k = 0; k < exposure.size(); k++) {
        long end = Instant.parse(exposure.get(k).path("end").asText()).toEpochMilli();
        String before = lines.stream().filter(l -> EventCodec.decode(l).timeMillis() < end)
            .collect(Collectors.joining("\n"));
        JsonNode scratch = ReportJson.toNode(OfflineAnalysis.analyze(e, new BufferedReader(new StringReader(before)),
            Clock.systemUTC(), BOUNDS).report());
        String at = "bucket " + k + " (end " + exposure.get(k).path("end").asText() + ")";
        assertExposure(exposure.get(k), scratch, at);
        for (int m = 0; m < 2; m++) {
          JsonNode point = live.path("metrics").get(m).path("timeseries").get(0).path("points").get(k);
          assertThat(live.path("metrics").get(m).path("timeseries").get(0).path("variant").asText()).isEqualTo("treatment");
          if (expectedSequential.size() <= m) expectedSequential.add(new ArrayList<>());
          assertPoint(point, scratch.path("metrics").get(m), mode, expectedSequential.get(m), at + " " + m);
        }
      }

      // analyze of the export gives the live time series.
      JsonNode offline = ReportJson.toNode(OfflineAnalysis.analyze(e, new BufferedReader(new StringReader(export)),
          Clock.systemUTC(), BOUNDS).report());
      LiveEqualsOfflineTest.assertSameNumbers(live.path("timeseries"), offline.path("timeseries"), "timeseries");
      for (int m = 0; m < 2; m++) {
        LiveEqualsOfflineTest.assertSameNumbers(live.path("metrics").get(m).path("timeseries"),
            offline.path("metrics").get(m).path("timeseries"), "metrics/" + m + "/timeseries");
      }
    } finally {
      h.close();
    }
  }

  private static void assertExposure(JsonNode point, JsonNode scratch, String at) {
    for (JsonNode v : scratch.path("variants")) {
      assertThat(point.path("units").path(v.path("variant").asText()).asLong()).as(at + " units")
          .isEqualTo(v.path("units").asLong());
      assertThat(point.path("requests").path(v.path("variant").asText()).asLong()).as(at + " requests")
          .isEqualTo(v.path("requests").asLong());
    }
    close(point.path("srmPValue"), scratch.path("srm").path("pValue"), at + " srm");
  }

  /**
   * The point against the from-scratch report; in sequential mode the interval is the intersection of the
   * from-scratch confidence sequences so far ({@code running}: one [low, high] per bucket with an estimate).
   */
  private static void assertPoint(JsonNode point, JsonNode metric, String mode, List<double[]> running, String at) {
    JsonNode control = metric.path("variants").get(0);
    JsonNode treatment = metric.path("variants").get(1);
    assertThat(point.path("units").asLong()).as(at + " units").isEqualTo(treatment.path("units").asLong());
    assertThat(point.path("controlUnits").asLong()).as(at + " control units").isEqualTo(control.path("units").asLong());
    close(point.path("mean"), treatment.path("mean"), at + " mean");
    close(point.path("controlMean"), control.path("mean"), at + " control mean");
    JsonNode absolute = treatment.path("absolute");
    if (absolute.isNull() || absolute.isMissingNode()) {
      assertThat(point.path("effect").isNull()).as(at + " effect").isTrue();
      return;
    }
    close(point.path("effect"), absolute.path("effect"), at + " effect");
    if (mode.equals("fixed")) {
      assertThat(point.path("test").asText()).isEqualTo("fixed");
      close(point.path("interval").get(0), absolute.path("ci").get(0), at + " low");
      close(point.path("interval").get(1), absolute.path("ci").get(1), at + " high");
      close(point.path("pValue"), absolute.path("pValue"), at + " p");
      return;
    }
    assertThat(point.path("test").asText()).isEqualTo("sequential");
    JsonNode cs = treatment.path("sequential").path("absolute").path("ci");
    double low = cs.get(0).asDouble();
    double high = cs.get(1).asDouble();
    // The from-scratch look is a confidence sequence at this bucket alone: wider than the fixed interval.
    assertThat(high - low).as(at + " CS wider than CI")
        .isGreaterThan(absolute.path("ci").get(1).asDouble() - absolute.path("ci").get(0).asDouble());
    running.add(new double[] {low, high});
    double lo = running.stream().mapToDouble(r -> r[0]).max().orElseThrow();
    double hi = running.stream().mapToDouble(r -> r[1]).min().orElseThrow();
    if (lo > hi) {
      lo = (lo + hi) / 2;
      hi = lo;
    }
    assertThat(Math.abs(point.path("interval").get(0).asDouble() - lo)).as(at + " running low")
        .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(lo)));
    assertThat(Math.abs(point.path("interval").get(1).asDouble() - hi)).as(at + " running high")
        .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.abs(hi)));
  }

  private static void close(JsonNode got, JsonNode want, String what) {
    if (want.isNull() || want.isMissingNode()) {
      assertThat(got.isNull()).as(what + ": " + got).isTrue();
      return;
    }
    double x = got.asDouble();
    double y = want.asDouble();
    assertThat(Math.abs(x - y)).as(what + ": live " + x + " vs recomputed " + y)
        .isLessThanOrEqualTo(1e-9 * Math.max(1, Math.max(Math.abs(x), Math.abs(y))));
  }
}
