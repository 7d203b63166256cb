package dev.abgw.loadtest.scenario;

import static dev.abgw.loadtest.bench.Blocking.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;
import dev.abgw.gateway.Gateway;
import dev.abgw.gateway.GatewayConfig;
import dev.abgw.agents.AgentConfig;
import dev.abgw.agents.LatencyModel;
import dev.abgw.loadtest.LoadConfig;
import dev.abgw.loadtest.LoadGenerator;
import dev.abgw.loadtest.LoadResult;
import dev.abgw.agents.QualityModel;
import dev.abgw.loadtest.RequestSpec;
import dev.abgw.agents.SimulatedAgent;
import dev.abgw.agents.SimulatedJudge;
import dev.abgw.agents.TokenRange;
import dev.abgw.loadtest.bench.AdminClient;
import dev.abgw.loadtest.bench.RedisKeys;
import dev.abgw.testsupport.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long-tail breakdown end to end: 20,000 requests through the real gateway to two simulated agents,
 * their judgments posted back in batches of 1,000, then the report.
 *
 * <p>Planted truth. Judgments come from {@link SimulatedJudge} (score {@code 1 + 4 Beta}, mean
 * {@code 1 + 4q}) applied to the {@code X-Sim-Quality} header the serving agent returned, drawn from
 * {@code (JUDGE_SEED, request number)}. Control has quality 0.60 everywhere (mean score 3.40).
 * Treatment has quality 0.6358 (mean 3.543, +4.2%) except on task type {@code refund}, 5% of traffic,
 * where it is 0.43 (mean 2.72, -20%). Overall: {@code 0.95 * 3.543 + 0.05 * 2.72 = 3.502}, +3% on control.
 * The judge's standard deviation is about 0.65 points, so in {@code refund} (about 500 requests per
 * arm) the standard error of the difference is about 0.04 for an effect of -0.68: z about -17, far past
 * Benjamini-Hochberg over the 11 tested segments. Every other segment has treatment better, so
 * {@code refund} must be the one and only regression and the decision must not be a plain ship.
 */
@ExtendWith(TestRedis.class)
class EdgeCaseRegressionScenarioTest {

  /** Seeds of traffic and judge; {@code -Dedgecase.seed=N} overrides both to check stability. */
  private static final long TRAFFIC_SEED = Long.getLong("edgecase.seed", 20_240_611L);
  private static final long JUDGE_SEED = Long.getLong("edgecase.seed", 7L);
  private static final int REQUESTS = 20_000;
  private static final int USERS = 8_000;
  private static final String RARE = "refund";
  private static final String EXPERIMENT = "edge-case";

  private Vertx vertx;

  @TempDir
  Path dataDir;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() {
    await(vertx.close());
  }

  @Test
  void reports_exactly_the_planted_segment_regression_on_the_embedded_store() {
    JsonObject report = runScenario(GatewayConfig.local(dataDir));
    assertOnlyTheRareSegmentRegresses(report);
  }

  @Test
  void reports_exactly_the_planted_segment_regression_on_redis() {
    String prefix = RedisKeys.uniquePrefix("edge-case");
    try {
      JsonObject report = runScenario(GatewayConfig.local(dataDir).withRedis(TestRedis.url(), prefix));
      assertOnlyTheRareSegmentRegresses(report);
    } finally {
      await(RedisKeys.deleteByPrefix(vertx, TestRedis.url(), prefix));
    }
  }

  private static void assertOnlyTheRareSegmentRegresses(JsonObject report) {
    JsonArray regressions = report.getJsonArray("regressions");
    assertThat(regressions.size()).as("regressions: %s", regressions).isEqualTo(1);
    JsonObject only = regressions.getJsonObject(0);
    assertThat(only.getString("metric")).isEqualTo("quality");
    assertThat(only.getString("variant")).isEqualTo("treatment");
    assertThat(only.getString("dimension")).isEqualTo("task_type");
    assertThat(only.getString("segment")).isEqualTo(RARE);
    assertThat(only.getDouble("relativeEffect")).as("relative lift").isBetween(-0.25, -0.15);
    assertThat(only.getJsonArray("ci").getDouble(1)).as("the absolute effect's interval excludes 0").isNegative();
    JsonObject decision = report.getJsonObject("decision");
    assertThat(decision.getString("action")).as("decision %s", decision).isNotEqualTo("ship");
    assertThat(decision.getString("reason")).doesNotStartWith("ship:");
    // Every segment of both dimensions was analysed: 8 task types and 3 languages.
    JsonArray segments = report.getJsonArray("metrics").getJsonObject(0).getJsonArray("segments");
    assertThat(segments.stream().map(s -> ((JsonObject) s).getString("dimension") + "=" + ((JsonObject) s)
        .getString("segment"))).hasSize(11).contains("task_type=" + RARE, "lang=en", "lang=de", "lang=fr");
  }

  private JsonObject runScenario(GatewayConfig config) {
    SimulatedAgent control = await(SimulatedAgent.start(vertx, agent("control", QualityModel.of(0.60))));
    SimulatedAgent treatment = await(SimulatedAgent.start(vertx,
        agent("treatment", QualityModel.of(0.6358, Map.of(RARE, 0.43 - 0.6358)))));
    Gateway gateway = await(Gateway.start(vertx, config, line -> { }));
    AdminClient admin = AdminClient.of(vertx, gateway.adminPort(), 4);
    try {
      gateway.registry().put(experiment(control.port(), treatment.port()));
      TrafficPlan plan = TrafficPlan.of(TRAFFIC_SEED, REQUESTS, USERS, RARE, 0.05);
      assertThat(plan.count(RARE)).isBetween(900L, 1100L);
      JudgedResponses responses = new JudgedResponses(REQUESTS);
      long t0 = System.nanoTime();
      LoadResult load = await(LoadGenerator.run(vertx, LoadConfig.builder(gateway.proxyPort())
          .scenario("edge-case")
          .closedLoop(64)
          .maxRequests(REQUESTS)
          .durationMillis(50_000)
          .requestTimeoutMillis(10_000)
          .progress(null)
          .request(RequestSpec.postJson("/v1/chat/completions", "{}")
              .withBodySupplier(plan::body)
              .withHeaderSupplier(i -> Map.of("X-Lang", plan.langs()[(int) i])))
          .hook(responses)
          .build()), Duration.ofSeconds(60));
      assertThat(load.errors()).as("load errors, first: %s", load.firstError()).isZero();
      assertThat(responses.count()).isEqualTo(REQUESTS);
      long t1 = System.nanoTime();
      SimulatedJudge judge = SimulatedJudge.of(JUDGE_SEED);
      for (int from = 0; from < REQUESTS; from += 1_000) {
        JsonObject answer = await(admin.postJudgments(responses.judgments(judge, from, from + 1_000)));
        assertThat(answer.getJsonObject("summary").getInteger("stored")).as("batch at %d: %s", from,
            answer.getJsonObject("summary")).isEqualTo(1_000);
      }
      await(gateway.flush());
      JsonObject report = await(admin.report(EXPERIMENT));
      System.out.printf("edge-case (seed %d): %d requests in %d ms (%.0f rps); judgments and report in %d ms%n",
          TRAFFIC_SEED, REQUESTS, (t1 - t0) / 1_000_000, load.achievedRps(), (System.nanoTime() - t1) / 1_000_000);
      return report;
    } finally {
      await(admin.close());
      await(gateway.close());
      await(control.close());
      await(treatment.close());
    }
  }

  private static AgentConfig agent(String name, QualityModel quality) {
    return AgentConfig.builder().name(name).latency(LatencyModel.fixed(0)).tokens(TokenRange.fixed(5))
        .quality(quality).seed(name.hashCode()).build();
  }

  private static Experiment experiment(int controlPort, int treatmentPort) {
    String json = """
        {"id": "%s", "status": "running",
         "route": {"pathPrefix": "/v1/chat/completions"},
         "unit": {"source": "body", "pointer": "/user"},
         "variants": [
           {"name": "control", "upstream": "http://127.0.0.1:%d", "weight": 50},
           {"name": "treatment", "upstream": "http://127.0.0.1:%d", "weight": 50}],
         "control": "control",
         "metrics": [{"name": "quality", "type": "continuous", "direction": "increase", "source": "judgment",
                      "min": 1, "max": 5}],
         "analysis": {"alpha": 0.05, "mode": "fixed", "correction": "holm"},
         "segments": [
           {"name": "task_type", "source": "body", "key": "/metadata/task_type", "maxValues": 20},
           {"name": "lang", "source": "header", "key": "X-Lang", "maxValues": 10}]}
        """.formatted(EXPERIMENT, controlPort, treatmentPort);
    ParseResult parsed = ExperimentParser.parse(json);
    assertThat(parsed).isInstanceOf(ParseResult.Valid.class);
    return ((ParseResult.Valid) parsed).experiment();
  }
}
