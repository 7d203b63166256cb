package dev.abgw.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class FaultsTest {
  private static final AgentConfig FAST = AgentConfig.builder().latency(LatencyModel.fixed(0)).build();

  private static Future<List<Http.Reply>> burst(HttpClient client, int port, int n) {
    List<Future<Http.Reply>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) all.add(Http.chat(client, port, Http.chatRequest("hello")));
    return Future.all(all).map(cf -> cf.<Http.Reply>list());
  }

  @Test
  void answers_429_with_retry_after_beyond_the_requests_per_second(Vertx vertx, VertxTestContext ctx) {
    AgentConfig config = FAST.withFaults(new Faults(0, 3, 2, List.of()));
    HttpClient client = vertx.createHttpClient();
    SimulatedAgent.start(vertx, config).compose(agent -> burst(client, agent.port(), 8))
        .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
          // All eight arrive within one second of start: three are served, five limited.
          assertThat(replies.stream().filter(r -> r.status() == 200).count()).isEqualTo(3);
          assertThat(replies.stream().filter(r -> r.status() == 429)).hasSize(5)
              .allSatisfy(r -> assertThat(r.headers().get("retry-after")).isEqualTo("2"));
          ctx.completeNow();
        })));
  }

  @Test
  void a_rate_limit_rate_of_one_limits_every_request_and_zero_none(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = vertx.createHttpClient();
    SimulatedAgent.start(vertx, FAST.withFaults(new Faults(1.0, 0, 1, List.of())))
        .compose(agent -> burst(client, agent.port(), 5))
        .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
          assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(429));
          ctx.completeNow();
        })));
  }

  @Test
  void an_outage_window_answers_503_until_it_ends(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = vertx.createHttpClient();
    SimulatedAgent.start(vertx, FAST.withFaults(new Faults(0, 0, 1, List.of(new Faults.Outage(0, 400)))))
        .compose(agent -> Http.chat(client, agent.port(), Http.chatRequest("hi"))
            .compose(during -> Future.<Void>future(p -> vertx.setTimer(500, id -> p.complete()))
                .compose(v -> Http.chat(client, agent.port(), Http.chatRequest("hi")))
                .map(after -> List.of(during, after))))
        .onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
          assertThat(replies.get(0).status()).isEqualTo(503);
          assertThat(replies.get(1).status()).isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @Test
  void the_rate_limit_draw_leaves_the_other_draws_unchanged() {
    AgentConfig plain = AgentConfig.builder().errorRate(0.3).seed(7).build();
    AgentConfig limited = plain.withFaults(new Faults(0.5, 0, 1, List.of()));
    for (long i = 0; i < 200; i++) {
      assertThat(RequestFate.draw(limited, i)).isEqualTo(RequestFate.draw(plain, i));
    }
    long limitedCount = 0;
    for (long i = 0; i < 10_000; i++) {
      if (limited.faults().verdict(7, i, 5_000, 1) == Faults.Verdict.RATE_LIMITED) limitedCount++;
    }
    assertThat(limitedCount).isBetween(4_800L, 5_200L);
  }
}
