package dev.abgw.loadtest.scenario;

import static dev.abgw.loadtest.bench.Blocking.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.agents.AgentConfig;
import dev.abgw.agents.LatencyModel;
import dev.abgw.agents.QualityModel;
import dev.abgw.agents.SimulatedAgent;
import dev.abgw.agents.SimulatedJudge;
import dev.abgw.agents.TokenRange;
import dev.abgw.experiments.Experiment;
import dev.abgw.experiments.ExperimentParser;
import dev.abgw.experiments.ParseResult;
import dev.abgw.gateway.Gateway;
import dev.abgw.gateway.GatewayConfig;
import dev.abgw.loadtest.LoadConfig;
import dev.abgw.loadtest.LoadGenerator;
import dev.abgw.loadtest.LoadResult;
import dev.abgw.loadtest.RequestSpec;
import dev.abgw.loadtest.bench.AdminClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Intent to treat under fallbacks, end to end: 4,000 requests of 2,000 users through the real gateway. v2's
 * agent fails 30% of its requests with 500; with {@code fallback: control} those are answered by control and
 * still counted as v2's.
 *
 * <p>Planted truth. Judgments come from {@link SimulatedJudge} applied to the quality header of whichever agent
 * answered: control q = 0.50 (mean score {@code 1 + 4q} = 3.0), v2 q = 0.75 (mean 4.0). v2's own effect is +1.0;
 * under ITT with a share {@code f = 0.30} of its requests served by control it is diluted to
 * {@code (1 - f) * 1.0 = 0.70}. The report must show v2's {@code fallback} rate near 0.30 with its CI, the
 * diluted quality effect (its CI excluding both 0 and the undiluted 1.0) and the dilution warning, and no
 * client may see an error. Without resilience, the same run shows v2's errors instead (about 30%).
 */
class FallbackScenarioTest {
  private static final int REQUESTS = 4_000;
  private static final String EXPERIMENT = "fallback-itt";
  private static final long JUDGE_SEED = 11L;

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
  void a_fallback_keeps_clients_whole_and_the_report_shows_the_diluted_itt_effect() {
    Run run = run(dataDir.resolve("with"), true, """
        , "resilience": {"fallback": {"to": "control", "on": ["status_5xx", "connect", "reset", "timeout"]}}""");
    assertThat(run.load.errors()).as("client errors, first: %s", run.load.firstError()).isZero();

    JsonObject fallback = variant(run.report, "fallback", "v2");
    double rate = fallback.getDouble("mean");
    assertThat(rate).isBetween(0.26, 0.34);
    // Control never falls back, so v2's difference from control is its fallback rate, with its CI.
    JsonArray ci = effect(run.report, "fallback", "v2").getJsonArray("ci");
    assertThat(ci.getDouble(0)).isLessThan(0.30);
    assertThat(ci.getDouble(1)).isGreaterThan(0.30);
    assertThat(variant(run.report, "errors", "v2").getDouble("mean")).isZero();

    JsonObject quality = effect(run.report, "quality", "v2");
    assertThat(quality.getDouble("effect")).isBetween(0.55, 0.85);
    assertThat(quality.getJsonArray("ci").getDouble(0)).isGreaterThan(0.0);
    assertThat(quality.getJsonArray("ci").getDouble(1)).isLessThan(1.0);

    JsonObject v2Serving = run.report.getJsonArray("serving").getJsonObject(1);
    assertThat(v2Serving.getString("variant")).isEqualTo("v2");
    assertThat(v2Serving.getDouble("fallbackShare")).isEqualTo(rate, org.assertj.core.data.Offset.offset(0.02));
    assertThat(run.report.getJsonArray("warnings").encode()).contains("variant v2 was served by a fallback (control)");
    System.out.printf("fallback-itt: v2 fallback rate %.3f CI [%.3f, %.3f]; quality effect %.3f CI [%.3f, %.3f]%n", rate,
        ci.getDouble(0), ci.getDouble(1), quality.getDouble("effect"), quality.getJsonArray("ci").getDouble(0),
        quality.getJsonArray("ci").getDouble(1));
  }

  @Test
  void without_resilience_the_same_run_shows_v2s_errors() {
    Run run = run(dataDir.resolve("without"), false, "");
    assertThat(run.load.errors()).isBetween(450L, 750L);
    assertThat(variant(run.report, "errors", "v2").getDouble("mean")).isBetween(0.26, 0.34);
    assertThat(variant(run.report, "errors", "control").getDouble("mean")).isZero();
    assertThat(run.report.containsKey("serving")).isFalse();
  }

  private record Run(LoadResult load, JsonObject report) {}

  /** Runs the traffic; with {@code judged} every answer must be 200 and gets its judgment. */
  private Run run(Path data, boolean judged, String resilience) {
    SimulatedAgent control = await(SimulatedAgent.start(vertx, agent("control", 0.50, 0)));
    SimulatedAgent v2 = await(SimulatedAgent.start(vertx, agent("v2", 0.75, 0.30)));
    Gateway gateway = await(Gateway.start(vertx, GatewayConfig.local(data), line -> { }));
    AdminClient admin = AdminClient.of(vertx, gateway.adminPort(), 4);
    try {
      gateway.registry().put(experiment(control.port(), v2.port(), resilience));
      JudgedResponses responses = judged ? new JudgedResponses(REQUESTS) : null;
      LoadResult load = await(LoadGenerator.run(vertx, LoadConfig.builder(gateway.proxyPort())
          .scenario("fallback-itt")
          .closedLoop(32)
          .maxRequests(REQUESTS)
          .durationMillis(50_000)
          .requestTimeoutMillis(10_000)
          .progress(null)
          .request(RequestSpec.postJson("/v1/chat/completions", "{}")
              .withBodySupplier(i -> ("{\"user\":\"u" + (i % 2_000) + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .hook(responses)
          .build()), Duration.ofSeconds(60));
      if (judged) {
        assertThat(responses.count()).isEqualTo(REQUESTS);
        SimulatedJudge judge = SimulatedJudge.of(JUDGE_SEED);
        for (int from = 0; from < REQUESTS; from += 1_000) {
          await(admin.postJudgments(responses.judgments(judge, from, from + 1_000)));
        }
      }
      await(gateway.flush());
      return new Run(load, await(admin.report(EXPERIMENT)));
    } finally {
      await(admin.close());
      await(gateway.close());
      await(control.close());
      await(v2.close());
    }
  }

  private static JsonObject metric(JsonObject report, String name) {
    for (Object o : report.getJsonArray("metrics")) {
      if (((JsonObject) o).getString("metric").equals(name)) return (JsonObject) o;
    }
    throw new AssertionError("no metric " + name + " in " + report.encode());
  }

  private static JsonObject variant(JsonObject report, String metric, String variant) {
    for (Object o : metric(report, metric).getJsonArray("variants")) {
      if (((JsonObject) o).getString("variant").equals(variant)) return (JsonObject) o;
    }
    throw new AssertionError("no variant " + variant + " in metric " + metric);
  }

  private static JsonObject effect(JsonObject report, String metric, String variant) {
    return variant(report, metric, variant).getJsonObject("absolute");
  }

  private static AgentConfig agent(String name, double quality, double errorRate) {
    return AgentConfig.builder().name(name).latency(LatencyModel.fixed(0)).tokens(TokenRange.fixed(5))
        .quality(QualityModel.of(quality)).errorRate(errorRate).seed(name.hashCode()).build();
  }

  private static Experiment experiment(int controlPort, int v2Port, String resilience) {
    String json = """
        {"id": "%s", "status": "running",
         "route": {"pathPrefix": "/v1/chat/completions"},
         "unit": {"source": "body", "pointer": "/user"},
         "variants": [
           {"name": "control", "upstream": "http://127.0.0.1:%d", "weight": 50},
           {"name": "v2", "upstream": "http://127.0.0.1:%d", "weight": 50}],
         "control": "control",
         "metrics": [{"name": "quality", "type": "continuous", "direction": "increase", "source": "judgment",
                      "min": 1, "max": 5},
                     {"name": "fallback", "type": "binary", "direction": "decrease", "source": "proxy", "field": "fallback"},
                     {"name": "errors", "type": "binary", "direction": "decrease", "source": "proxy", "field": "error"}],
         "analysis": {"alpha": 0.05, "mode": "fixed", "correction": "none"}%s}
        """.formatted(EXPERIMENT, controlPort, v2Port, resilience);
    ParseResult parsed = ExperimentParser.parse(json);
    assertThat(parsed).as("%s", parsed).isInstanceOf(ParseResult.Valid.class);
    return ((ParseResult.Valid) parsed).experiment();
  }
}
