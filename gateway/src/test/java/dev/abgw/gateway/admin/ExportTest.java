package dev.abgw.gateway.admin;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Await;
import dev.abgw.gateway.Harness;
import dev.abgw.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The export's filters, formats and errors, on both stores. The embedded run also leaves its NDJSON and CSV
 * export in {@code target/export-sample/} with the counts it saw, for {@code .ci/check-export.mjs} to read with
 * DuckDB the way {@code docs/export-format.md} says.
 */
@ExtendWith(VertxExtension.class)
@ExtendWith(TestRedis.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExportTest {
  static final String COMMENT = "long, \"quoted\"\nand on two lines";

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "redis"})
  void filters_by_time_and_type_and_writes_csv(String storeKind, Vertx vertx) throws Exception {
    String prefix = storeKind.equals("redis") ? Await.uniquePrefix("export") : null;
    Harness h = Harness.start(vertx, prefix);
    try {
      HttpServer upstream = Harness.upstream(vertx, req -> req.body().onSuccess(b -> req.response()
          .putHeader("content-type", "application/json")
          .end("{\"choices\":[{\"message\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
              + "\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":3,\"total_tokens\":5}}")));
      h.serve(Harness.experiment("""
          {"id": "exp", "status": "running", "route": {"pathPrefix": "/v1"},
           "unit": {"source": "header", "name": "X-User"},
           "variants": [{"name": "control", "upstream": "http://127.0.0.1:%1$d", "weight": 50},
                        {"name": "treatment", "upstream": "http://127.0.0.1:%1$d", "weight": 50}],
           "control": "control",
           "metrics": [{"name": "latency", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "latencyMs"},
                       {"name": "score", "type": "continuous", "direction": "increase", "min": 1, "max": 5}],
           "segments": [{"name": "tier", "source": "header", "key": "X-Tier"}]}
          """.formatted(upstream.actualPort())));

      List<String> early = new ArrayList<>();
      for (int i = 0; i < 3; i++) early.add(call(h, "early-" + i));
      h.flush();
      Thread.sleep(30);
      Instant boundary = Instant.now();
      Thread.sleep(30);
      for (int i = 0; i < 2; i++) call(h, "late-" + i);
      HttpResponse<String> judged = h.adminPost("/judgments", "application/json", new JsonObject()
          .put("requestId", early.get(0)).put("metric", "score").put("value", 4).put("comment", COMMENT).encode());
      assertThat(judged.statusCode()).as(judged.body()).isEqualTo(201);
      h.flush();

      HttpResponse<String> all = h.adminGet("/experiments/exp/export");
      assertThat(all.headers().firstValue("content-type")).contains("application/x-ndjson");
      assertThat(all.headers().firstValue("content-disposition")).contains("attachment; filename=\"exp-events.ndjson\"");
      assertThat(types(all)).containsExactlyInAnyOrder("request", "request", "request", "request", "request", "judgment");

      assertThat(types(h.adminGet("/experiments/exp/export?type=request"))).hasSize(5).containsOnly("request");
      assertThat(types(h.adminGet("/experiments/exp/export?type=judgment"))).containsExactly("judgment");
      // since is inclusive and ISO-8601; until is exclusive and may be epoch milliseconds.
      assertThat(types(h.adminGet("/experiments/exp/export?since=" + boundary)))
          .containsExactlyInAnyOrder("request", "request", "judgment");
      assertThat(types(h.adminGet("/experiments/exp/export?until=" + boundary.toEpochMilli())))
          .containsExactly("request", "request", "request");
      assertThat(lines(h.adminGet("/experiments/exp/export?type=request&since=" + boundary)))
          .extracting(e -> e.getString("unit")).containsExactlyInAnyOrder("late-0", "late-1");
      Instant firstTime = Instant.parse(lines(all).get(0).getString("time"));
      assertThat(lines(h.adminGet("/experiments/exp/export?since=" + firstTime.toEpochMilli()))).isNotEmpty();

      HttpResponse<String> csv = h.adminGet("/experiments/exp/export?format=csv");
      assertThat(csv.headers().firstValue("content-type")).contains("text/csv; charset=utf-8; header=present");
      assertThat(csv.headers().firstValue("content-disposition")).contains("attachment; filename=\"exp-events.csv\"");
      List<List<String>> rows = Csv.parse(csv.body());
      assertThat(rows.get(0)).isEqualTo(CsvEvents.COLUMNS);
      assertThat(rows).hasSize(7);
      int type = CsvEvents.COLUMNS.indexOf("type");
      List<String> judgmentRow = rows.stream().filter(r -> r.get(type).equals("judgment")).findFirst().orElseThrow();
      assertThat(judgmentRow.get(CsvEvents.COLUMNS.indexOf("comment"))).isEqualTo(COMMENT);
      assertThat(judgmentRow.get(CsvEvents.COLUMNS.indexOf("value"))).isEqualTo("4.0");
      assertThat(judgmentRow.get(CsvEvents.COLUMNS.indexOf("requestId"))).isEqualTo(early.get(0));
      assertThat(judgmentRow.get(CsvEvents.COLUMNS.indexOf("status"))).isEmpty();
      List<String> requestRow = rows.stream().filter(r -> r.get(type).equals("request")).findFirst().orElseThrow();
      assertThat(requestRow.get(CsvEvents.COLUMNS.indexOf("totalTokens"))).isEqualTo("5");
      assertThat(requestRow.get(CsvEvents.COLUMNS.indexOf("status"))).isEqualTo("200");
      assertThat(new JsonObject(requestRow.get(CsvEvents.COLUMNS.indexOf("segments"))).getString("tier")).isEqualTo("gold");

      HttpResponse<String> requestsCsv = h.adminGet("/experiments/exp/export?format=csv&type=request");
      assertThat(requestsCsv.headers().firstValue("content-disposition"))
          .contains("attachment; filename=\"exp-request-events.csv\"");
      assertThat(Csv.parse(requestsCsv.body())).hasSize(6);

      if (prefix == null) writeSample(all.body(), csv.body());
    } finally {
      h.close();
      if (prefix != null) Await.deleteRedisKeys(vertx, Await.redisUrl(), prefix);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "since=yesterday|/since|?since must be an ISO-8601 instant",
      "until=2026-12-01T09:00:00|/until|?until must be an ISO-8601 instant",
      "type=both|/type|?type must be one of request, judgment (was \"both\")",
      "format=parquet|/format|?format must be one of ndjson, csv (was \"parquet\")",
      "sinse=1|/sinse|?sinse is not a parameter of the export",
      "type=request&type=judgment|/type|?type must be given once (was given 2 times)",
      "since=2000&until=1000|/until|?until must be after since"})
  void a_bad_parameter_is_a_400_naming_it(String c, Vertx vertx) {
    String[] parts = c.split("\\|");
    try (Harness h = Harness.start(vertx)) {
      h.serve(Harness.twoArms("exp", "/v1", 1, 1, 1000, ""));
      HttpResponse<String> r = h.adminGet("/experiments/exp/export?" + parts[0]);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      JsonObject error = new JsonObject(r.body()).getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("invalid_query");
      JsonObject detail = error.getJsonArray("details").getJsonObject(0);
      assertThat(detail.getString("pointer")).isEqualTo(parts[1]);
      assertThat(detail.getString("message")).startsWith(parts[2]);
      assertThat(error.getString("message")).contains(parts[2]);
    }
  }

  @org.junit.jupiter.api.Test
  void every_bad_parameter_is_reported_at_once(Vertx vertx) {
    try (Harness h = Harness.start(vertx)) {
      h.serve(Harness.twoArms("exp", "/v1", 1, 1, 1000, ""));
      JsonArray details = new JsonObject(h.adminGet("/experiments/exp/export?since=x&type=y&format=z").body())
          .getJsonObject("error").getJsonArray("details");
      assertThat(details.stream().map(d -> ((JsonObject) d).getString("pointer")))
          .containsExactlyInAnyOrder("/since", "/type", "/format");
    }
  }

  private static String call(Harness h, String user) {
    HttpResponse<String> r = h.send(HttpRequest.newBuilder(h.proxy("/v1/chat/completions")).header("X-User", user)
        .header("X-Tier", "gold").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.headers().firstValue("x-request-id").orElseThrow();
  }

  private static List<JsonObject> lines(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body().lines().map(JsonObject::new).toList();
  }

  private static List<String> types(HttpResponse<String> r) {
    return lines(r).stream().map(e -> e.getString("type")).toList();
  }

  private static void writeSample(String ndjson, String csv) throws IOException {
    Path dir = Path.of("target/export-sample");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("events.ndjson"), ndjson);
    Files.writeString(dir.resolve("events.csv"), csv);
    Files.writeString(dir.resolve("expected.json"), new JsonObject().put("requests", 5).put("judgments", 1)
        .put("totalTokens", 25).put("comment", COMMENT).encodePrettily());
  }

  /** A strict RFC 4180 reader, so the test checks the quoting rather than trusting it. */
  static final class Csv {
    static List<List<String>> parse(String text) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          row.add(field.toString());
          field.setLength(0);
        } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          row.add(field.toString());
          field.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
          i++;
        } else {
          assertThat(c).as("bare CR or LF outside quotes at %d", i).isNotIn('\r', '\n');
          field.append(c);
        }
      }
      assertThat(quoted).as("unterminated quote").isFalse();
      assertThat(field.length() == 0 && row.isEmpty()).as("last line ends with CRLF").isTrue();
      return rows;
    }
  }
}
