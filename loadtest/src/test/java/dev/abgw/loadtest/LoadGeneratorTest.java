package dev.abgw.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abgw.agents.AgentConfig;
import dev.abgw.agents.LatencyModel;
import dev.abgw.agents.QualityModel;
import dev.abgw.agents.SimulatedAgent;
import dev.abgw.agents.StallSchedule;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class LoadGeneratorTest {

  private static final String CHAT = "/v1/chat/completions";

  /**
   * A cold JVM answers its first requests hundreds of milliseconds late (class loading, interpreter),
   * and an open-loop generator keeps sending meanwhile, so every test here would first measure the JIT.
   * One throw-away closed-loop and open-loop run warms the code paths that the tests then measure.
   */
  @BeforeAll
  static void warm_up_the_jvm() {
    Vertx vertx = Vertx.vertx();
    try {
      SimulatedAgent agent = SimulatedAgent.start(vertx, AgentConfig.builder().latency(LatencyModel.fixed(1)).build())
          .await(10, TimeUnit.SECONDS);
      LoadGenerator.run(vertx, LoadConfig.builder(agent.port()).closedLoop(4).durationMillis(1_500)
          .request(chat()).progress(null).build()).await(10, TimeUnit.SECONDS);
      LoadGenerator.run(vertx, LoadConfig.builder(agent.port()).openLoop(300).durationMillis(1_000)
          .request(chat()).progress(null).build()).await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("JVM warm-up did not finish", e);
    } finally {
      vertx.close().await();
    }
  }

  private static RequestSpec chat() {
    return RequestSpec.postJson(CHAT, chatRequest("load").encode());
  }

  @Test
  void open_loop_holds_the_target_rate_and_measures_the_fixed_latency(Vertx vertx, VertxTestContext ctx) {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    SimulatedAgent.start(vertx, AgentConfig.builder().latency(LatencyModel.fixed(20)).build())
        .compose(agent -> LoadGenerator.run(vertx, LoadConfig.builder(agent.port())
            .scenario("open-200")
            .openLoop(200)
            .warmupMillis(1_000)
            .durationMillis(2_000)
            .request(chat())
            .progress(new PrintStream(progress, true, StandardCharsets.UTF_8))
            .build()))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat(result.achievedRps()).isBetween(190.0, 210.0);
          assertThat(result.percentileMillis(50)).isBetween(20.0, 30.0);
          assertThat(result.responses()).isBetween(390L, 410L);
          assertThat(result.requestsSent()).isBetween(595L, 605L);
          assertThat(result.statusCounts()).containsOnlyKeys(200);
          assertThat(result.errors()).isZero();
          assertThat(result.bytesReceived()).isPositive();
          String lines = progress.toString(StandardCharsets.UTF_8);
          assertThat(lines.lines().filter(line -> line.startsWith("[open-200]")).count()).isBetween(3L, 5L);
          assertThat(lines).containsPattern("sent=\\d+ rate=\\d+/s p50=\\d+\\.\\dms p99=\\d+\\.\\dms errors=0 timeouts=0");
          ctx.completeNow();
        })));
  }

  @Test
  void open_loop_percentiles_reflect_a_stall_that_closed_loop_hides(Vertx vertx, VertxTestContext ctx) {
    // 300 ms stall in every second: 30% of scheduled requests wait behind it, 10% for more than 200 ms.
    // Both runs use the same 4 connections; only the open loop keeps to its schedule and measures from it.
    AgentConfig stalling = AgentConfig.builder().latency(LatencyModel.fixed(5))
        .stall(StallSchedule.every(1_000, 300)).build();
    SimulatedAgent.start(vertx, stalling)
        .compose(agent -> LoadGenerator.run(vertx, LoadConfig.builder(agent.port()).scenario("open")
                .openLoop(100).connections(4).warmupMillis(500).durationMillis(2_000).request(chat()).progress(null)
                .build())
            .compose(open -> LoadGenerator.run(vertx, LoadConfig.builder(agent.port()).scenario("closed")
                    .closedLoop(4).warmupMillis(500).durationMillis(2_000).request(chat()).progress(null).build())
                .map(closed -> new LoadResult[] {open, closed})))
        .onComplete(ctx.succeeding(results -> ctx.verify(() -> {
          LoadResult open = results[0];
          LoadResult closed = results[1];
          assertThat(open.percentileMillis(90)).isGreaterThan(150);
          assertThat(open.percentileMillis(75)).isGreaterThan(40);
          assertThat(closed.percentileMillis(90)).isLessThan(100);
          assertThat(closed.maxMillis()).as("closed loop did meet the stall").isGreaterThan(100);
          assertThat(open.percentileMillis(90)).isGreaterThan(3 * closed.percentileMillis(90));
          ctx.completeNow();
        })));
  }

  @Test
  void refuses_a_target_that_is_not_loopback() {
    for (String host : new String[] {"10.0.0.1", "192.168.1.10", "8.8.8.8", "example.com", "127.0.0.1.nip.io",
        "127.0.0.300", "0.0.0.0", ""}) {
      assertThatThrownBy(() -> LoadConfig.builder(8080).host(host).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("loopback")
          .hasMessageContaining("'" + host + "'");
    }
    assertThat(LoadConfig.builder(8080).host("localhost").build().host()).isEqualTo("127.0.0.1");
    assertThat(LoadConfig.builder(8080).host("127.0.0.2").build().host()).isEqualTo("127.0.0.2");
    assertThat(LoadConfig.builder(8080).host("::1").build().host()).isEqualTo("::1");
  }

  @Test
  void stops_by_itself_at_the_request_bound(Vertx vertx, VertxTestContext ctx) {
    long start = System.nanoTime();
    SimulatedAgent.start(vertx, AgentConfig.builder().latency(LatencyModel.fixed(1)).build())
        .compose(agent -> LoadGenerator.run(vertx, LoadConfig.builder(agent.port())
            .closedLoop(4).durationMillis(60_000).maxRequests(50).request(RequestSpec.get("/health"))
            .progress(null).build()))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat(result.requestsSent()).isEqualTo(50);
          assertThat(result.responses()).isEqualTo(50);
          assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
          ctx.completeNow();
        })));
  }

  @Test
  void varies_the_body_per_request_and_hands_each_response_to_the_hook(Vertx vertx, VertxTestContext ctx) {
    QualityModel quality = QualityModel.of(0.5, Map.of("code", 0.25, "math", -0.25));
    Map<Long, String> seen = new ConcurrentHashMap<>();
    RequestSpec spec = chat().withBodySupplier(i -> chatRequest("q" + i)
            .put("metadata", new JsonObject().put("task_type", i % 2 == 0 ? "code" : "math"))
            .toBuffer().getBytes())
        .withHeaderSupplier(i -> Map.of("X-Unit-Id", "unit-" + i));
    SimulatedAgent.start(vertx, AgentConfig.builder().latency(LatencyModel.fixed(2)).build().withQuality(quality))
        .compose(agent -> LoadGenerator.run(vertx, LoadConfig.builder(agent.port())
            .openLoop(100).durationMillis(500).request(spec).progress(null)
            .hook(response -> seen.put(response.sequence(), response.header("X-Sim-Quality")
                + "/" + response.body().toJsonObject().getString("object")))
            .build()))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat(seen).hasSize((int) result.requestsSent());
          assertThat(seen.size()).isBetween(45, 55);
          seen.forEach((sequence, value) ->
              assertThat(value).isEqualTo((sequence % 2 == 0 ? "0.7500" : "0.2500") + "/chat.completion"));
          assertThat(result.hookFailures()).isZero();
          ctx.completeNow();
        })));
  }

  @Test
  void counts_server_errors_and_timeouts(Vertx vertx, VertxTestContext ctx) {
    AgentConfig flaky = AgentConfig.builder().latency(LatencyModel.fixed(1)).errorRate(0.2).timeoutRate(0.1)
        .maxHoldMillis(10_000).seed(3).build();
    SimulatedAgent.start(vertx, flaky)
        .compose(agent -> LoadGenerator.run(vertx, LoadConfig.builder(agent.port())
            .openLoop(200).durationMillis(1_000).requestTimeoutMillis(300).request(chat()).progress(null).build()))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          long errors500 = result.statusCounts().getOrDefault(500, 0L);
          // 200 requests: Binomial(200, 0.2) 500s and Binomial(200, 0.1) holds, +-4 sd.
          assertThat(errors500).isBetween(18L, 62L);
          assertThat(result.timeouts()).isBetween(3L, 37L);
          assertThat(result.errors()).isEqualTo(errors500 + result.timeouts() + result.transportErrors());
          assertThat(result.responses() + result.timeouts() + result.transportErrors())
              .isEqualTo(result.requestsSent());
          ctx.completeNow();
        })));
  }

  @Test
  void counts_a_failing_body_supplier_as_errors_without_stopping_the_run(Vertx vertx, VertxTestContext ctx) {
    RequestSpec spec = chat().withBodySupplier(i -> {
      if (i % 2 == 1) {
        throw new IllegalStateException("no body for " + i);
      }
      return chatRequest("q" + i).toBuffer().getBytes();
    });
    SimulatedAgent.start(vertx, AgentConfig.builder().latency(LatencyModel.fixed(0)).build())
        .compose(agent -> LoadGenerator.run(vertx, LoadConfig.builder(agent.port())
            .closedLoop(2).maxRequests(40).durationMillis(10_000).request(spec).progress(null).build()))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat(result.requestsSent()).isEqualTo(40);
          assertThat(result.responses()).isEqualTo(20);
          assertThat(result.transportErrors()).isEqualTo(20);
          assertThat(result.firstError()).contains("no body for");
          ctx.completeNow();
        })));
  }

  @Test
  void reports_connection_failures_as_transport_errors(Vertx vertx, VertxTestContext ctx) {
    // Bind and release a port so that nothing listens on it.
    vertx.createHttpServer().requestHandler(r -> r.response().end()).listen(0, "127.0.0.1")
        .compose(server -> server.close().map(v -> server.actualPort()))
        .compose(port -> LoadGenerator.run(vertx, LoadConfig.builder(port)
            .openLoop(50).durationMillis(200).progress(null).build()))
        .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
          assertThat(result.responses()).isZero();
          assertThat(result.transportErrors()).isEqualTo(result.requestsSent()).isPositive();
          assertThat(result.firstError()).isNotBlank();
          ctx.completeNow();
        })));
  }

  /** A chat request with one user message of {@code content}. */
  private static io.vertx.core.json.JsonObject chatRequest(String content) {
    return new io.vertx.core.json.JsonObject().put("model", "sim-model").put("messages",
        new io.vertx.core.json.JsonArray().add(new io.vertx.core.json.JsonObject().put("role", "user").put("content", content)));
  }
}
