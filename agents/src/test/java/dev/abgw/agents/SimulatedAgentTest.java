package dev.abgw.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class SimulatedAgentTest {

  private static final AgentConfig FAST = AgentConfig.builder().latency(LatencyModel.fixed(0)).build();

  @Test
  void answers_chat_completion_in_openai_shape_with_usage(Vertx vertx, VertxTestContext ctx) {
    AgentConfig config = FAST.withTokens(TokenRange.fixed(7)).withName("alpha");
    HttpClient client = vertx.createHttpClient();
    SimulatedAgent.start(vertx, config)
        .compose(agent -> Http.chat(client, agent.port(), Http.chatRequest("x".repeat(40))))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.status()).isEqualTo(200);
          assertThat(reply.headers().get("content-type")).isEqualTo("application/json");
          assertThat(reply.headers().get("X-Sim-Quality")).isEqualTo("0.7000");
          assertThat(reply.headers().get("X-Sim-Agent")).isEqualTo("alpha");
          JsonObject body = reply.json();
          assertThat(body.getString("id")).startsWith("chatcmpl-");
          assertThat(body.getString("object")).isEqualTo("chat.completion");
          assertThat(body.getString("model")).isEqualTo("sim-model");
          assertThat(body.getLong("created")).isPositive();
          JsonObject choice = body.getJsonArray("choices").getJsonObject(0);
          assertThat(choice.getInteger("index")).isZero();
          assertThat(choice.getString("finish_reason")).isEqualTo("stop");
          assertThat(choice.getJsonObject("message").getString("role")).isEqualTo("assistant");
          assertThat(choice.getJsonObject("message").getString("content").split(" ")).hasSize(7);
          JsonObject usage = body.getJsonObject("usage");
          assertThat(usage.getInteger("prompt_tokens")).isEqualTo(10);
          assertThat(usage.getInteger("completion_tokens")).isEqualTo(7);
          assertThat(usage.getInteger("total_tokens")).isEqualTo(17);
          ctx.completeNow();
        })));
  }

  @Test
  void streams_first_token_well_before_the_last(Vertx vertx, VertxTestContext ctx) {
    AgentConfig config = FAST.withLatency(LatencyModel.fixed(20)).withTokens(TokenRange.fixed(10))
        .withTokensPerSecond(20);
    HttpClient client = vertx.createHttpClient();
    long[] times = new long[3];
    Buffer received = Buffer.buffer();
    SimulatedAgent.start(vertx, config)
        .compose(agent -> {
          times[0] = System.nanoTime();
          return client.request(HttpMethod.POST, agent.port(), "127.0.0.1", "/v1/chat/completions")
              .compose(req -> req.send(Http.chatRequest("hello there").put("stream", true).toBuffer()));
        })
        .compose(resp -> {
          ctx.verify(() -> assertThat(resp.getHeader("content-type")).isEqualTo("text/event-stream"));
          resp.handler(chunk -> {
            if (times[1] == 0) {
              times[1] = System.nanoTime();
            }
            received.appendBuffer(chunk);
          });
          return resp.end();
        })
        .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
          times[2] = System.nanoTime();
          long firstMillis = TimeUnit.NANOSECONDS.toMillis(times[1] - times[0]);
          long totalMillis = TimeUnit.NANOSECONDS.toMillis(times[2] - times[0]);
          // 9 tokens after the first at 20 tokens/s: the last arrives >= 450 ms after the first.
          assertThat(firstMillis).isLessThan(250);
          assertThat(totalMillis).isGreaterThanOrEqualTo(450);
          assertThat(totalMillis - firstMillis).isGreaterThanOrEqualTo(400);
          assertSseShape(received.toString(), 10);
          ctx.completeNow();
        })));
  }

  private static void assertSseShape(String text, int tokens) {
    assertThat(text).endsWith("data: [DONE]\n\n");
    List<JsonObject> events = new ArrayList<>();
    for (String event : text.split("\n\n")) {
      assertThat(event).startsWith("data: ");
      String data = event.substring("data: ".length());
      if (!data.equals("[DONE]")) {
        events.add(new JsonObject(data));
      }
    }
    assertThat(events).hasSize(tokens + 2);
    StringBuilder content = new StringBuilder();
    for (int i = 0; i < tokens; i++) {
      JsonObject choice = events.get(i).getJsonArray("choices").getJsonObject(0);
      assertThat(events.get(i).getString("object")).isEqualTo("chat.completion.chunk");
      assertThat(choice.getValue("finish_reason")).isNull();
      content.append(choice.getJsonObject("delta").getString("content"));
    }
    assertThat(events.get(0).getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("role"))
        .isEqualTo("assistant");
    assertThat(content.toString().split(" ")).hasSize(tokens);
    assertThat(events.get(tokens).getJsonArray("choices").getJsonObject(0).getString("finish_reason"))
        .isEqualTo("stop");
    JsonObject usage = events.get(tokens + 1).getJsonObject("usage");
    assertThat(events.get(tokens + 1).getJsonArray("choices")).isEmpty();
    assertThat(usage.getInteger("completion_tokens")).isEqualTo(tokens);
    assertThat(usage.getInteger("prompt_tokens")).isEqualTo(3);
    assertThat(usage.getInteger("total_tokens")).isEqualTo(tokens + 3);
  }

  @Test
  void honours_error_rate_reproducibly_with_a_seed(Vertx vertx, VertxTestContext ctx) {
    AgentConfig config = FAST.withErrorRate(0.3).withSeed(7);
    HttpClient client = vertx.createHttpClient();
    int requests = 400;
    Future.all(countErrors(vertx, client, config, requests), countErrors(vertx, client, config, requests))
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          int first = both.resultAt(0);
          int second = both.resultAt(1);
          // Binomial(400, 0.3): mean 120, sd 9.2; +-4 sd.
          assertThat(first).isBetween(83, 157);
          assertThat(second).isEqualTo(first);
          ctx.completeNow();
        })));
  }

  private static Future<Integer> countErrors(Vertx vertx, HttpClient client, AgentConfig config, int requests) {
    return SimulatedAgent.start(vertx, config).compose(agent -> {
      List<Future<Http.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        replies.add(Http.chat(client, agent.port(), Http.chatRequest("q" + i)));
      }
      return Future.all(replies).map(all -> {
        int errors = 0;
        for (int i = 0; i < requests; i++) {
          Http.Reply reply = all.resultAt(i);
          if (reply.status() == 500) {
            errors++;
            JsonObject error = reply.json().getJsonObject("error");
            if (!"server_error".equals(error.getString("type")) || error.getString("message") == null) {
              throw new AssertionError("500 body is not an OpenAI error: " + reply.json());
            }
          } else if (reply.status() != 200) {
            throw new AssertionError("unexpected status " + reply.status());
          }
        }
        return errors;
      });
    });
  }

  @Test
  void holds_a_timed_out_request_until_the_client_gives_up(Vertx vertx, VertxTestContext ctx) {
    AgentConfig config = FAST.withTimeoutRate(1.0);
    HttpClient client = vertx.createHttpClient();
    SimulatedAgent.start(vertx, config).onComplete(ctx.succeeding(agent -> {
      boolean[] sawHeld = {false};
      long[] start = {0};
      // A plain request first, so that connection set-up and class loading do not eat the client's patience.
      Http.send(client, agent.port(), HttpMethod.GET, "/health", null)
          .compose(health -> {
            vertx.setPeriodic(10, id -> {
              if (agent.heldRequests() == 1) {
                sawHeld[0] = true;
                vertx.cancelTimer(id);
              }
            });
            start[0] = System.nanoTime();
            return client.request(new io.vertx.core.http.RequestOptions().setHost("127.0.0.1")
                .setPort(agent.port()).setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
                .setIdleTimeout(800));
          })
          .compose(req -> req.send(Http.chatRequest("wait").toBuffer()))
          .onComplete(ctx.failing(error -> ctx.verify(() -> {
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start[0])).isGreaterThanOrEqualTo(800);
            assertThat(error).isInstanceOf(java.util.concurrent.TimeoutException.class);
            assertThat(sawHeld[0]).as("agent held the request while the client waited").isTrue();
            awaitReleased(vertx, agent, ctx);
          })));
    }));
  }

  private static void awaitReleased(Vertx vertx, SimulatedAgent agent, VertxTestContext ctx) {
    vertx.setPeriodic(20, id -> {
      if (agent.heldRequests() == 0) {
        vertx.cancelTimer(id);
        ctx.completeNow();
      }
    });
  }

  @Test
  void closes_a_held_request_after_the_max_hold(Vertx vertx, VertxTestContext ctx) {
    AgentConfig config = FAST.withTimeoutRate(1.0).toBuilder().maxHoldMillis(300).build();
    HttpClient client = vertx.createHttpClient();
    long start = System.nanoTime();
    SimulatedAgent.start(vertx, config)
        .compose(agent -> Http.chat(client, agent.port(), Http.chatRequest("wait")))
        .onComplete(ctx.failing(error -> ctx.verify(() -> {
          long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          assertThat(waited).isBetween(300L, 3_000L);
          ctx.completeNow();
        })));
  }

  @Test
  void releases_held_requests_when_closed(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = vertx.createHttpClient();
    long start = System.nanoTime();
    SimulatedAgent.start(vertx, FAST.withTimeoutRate(1.0)).onComplete(ctx.succeeding(agent -> {
      Http.chat(client, agent.port(), Http.chatRequest("wait")).onComplete(ctx.failing(error -> ctx.verify(() -> {
        // Closed by close(), far sooner than the 120 s max hold.
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
        ctx.completeNow();
      })));
      vertx.setPeriodic(10, id -> {
        if (agent.heldRequests() == 1) {
          vertx.cancelTimer(id);
          agent.close();
        }
      });
    }));
  }

  @Test
  void reports_quality_per_segment_in_a_header(Vertx vertx, VertxTestContext ctx) {
    QualityModel quality = QualityModel.of(0.6, Map.of("code", -0.2, "math", 0.3, "poetry", 0.9));
    HttpClient client = vertx.createHttpClient();
    SimulatedAgent.start(vertx, FAST.withQuality(quality)).compose(agent -> Future.all(
            Http.chat(client, agent.port(), withTaskType("code")),
            Http.chat(client, agent.port(), withTaskType("math")),
            Http.chat(client, agent.port(), withTaskType("other")),
            Http.chat(client, agent.port(), Http.chatRequest("no metadata")),
            Http.chat(client, agent.port(), withTaskType("poetry"))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(quality(all.resultAt(0))).isEqualTo("0.4000");
          assertThat(quality(all.resultAt(1))).isEqualTo("0.9000");
          assertThat(quality(all.resultAt(2))).isEqualTo("0.6000");
          assertThat(quality(all.resultAt(3))).isEqualTo("0.6000");
          assertThat(quality(all.resultAt(4))).isEqualTo("1.0000");
          ctx.completeNow();
        })));
  }

  @Test
  void reads_the_segment_from_any_body_pointer(Vertx vertx, VertxTestContext ctx) {
    QualityModel quality = QualityModel.of(0.5, Map.of("u-1", 0.25)).withSegmentPointer("/user");
    HttpClient client = vertx.createHttpClient();
    SimulatedAgent.start(vertx, FAST.withQuality(quality))
        .compose(agent -> Http.chat(client, agent.port(), Http.chatRequest("hi").put("user", "u-1")))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(quality(reply)).isEqualTo("0.7500");
          ctx.completeNow();
        })));
  }

  private static JsonObject withTaskType(String taskType) {
    return Http.chatRequest("task").put("metadata", new JsonObject().put("task_type", taskType));
  }

  private static String quality(Object reply) {
    return ((Http.Reply) reply).headers().get("X-Sim-Quality");
  }

  @Test
  void rejects_a_malformed_chat_body_with_an_openai_error(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = vertx.createHttpClient();
    SimulatedAgent.start(vertx, FAST)
        .compose(agent -> Future.all(
            Http.send(client, agent.port(), HttpMethod.POST, "/v1/chat/completions", Buffer.buffer("{nope")),
            Http.chat(client, agent.port(), new JsonObject().put("model", "m"))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          for (int i = 0; i < 2; i++) {
            Http.Reply reply = all.resultAt(i);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.json().getJsonObject("error").getString("type")).isEqualTo("invalid_request_error");
          }
          assertThat(((Http.Reply) all.resultAt(1)).json().getJsonObject("error").getString("message"))
              .contains("/messages");
          ctx.completeNow();
        })));
  }

  @Test
  void serves_health_bytes_and_echo_as_a_plain_backend(Vertx vertx, VertxTestContext ctx) {
    HttpClient client = vertx.createHttpClient();
    Buffer upload = Buffer.buffer(new byte[3_000_000]);
    SimulatedAgent.start(vertx, FAST.withName("plain"))
        .compose(agent -> Future.all(
            Http.send(client, agent.port(), HttpMethod.GET, "/health", null),
            Http.send(client, agent.port(), HttpMethod.GET, "/bytes/200000", null),
            Http.send(client, agent.port(), HttpMethod.PUT, "/upload/x?y=1", upload),
            Http.send(client, agent.port(), HttpMethod.GET, "/bytes/nope", null)))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          Http.Reply health = all.resultAt(0);
          assertThat(health.json().getString("status")).isEqualTo("UP");
          assertThat(health.json().getString("name")).isEqualTo("plain");
          Http.Reply bytes = all.resultAt(1);
          assertThat(bytes.status()).isEqualTo(200);
          assertThat(bytes.body().length()).isEqualTo(200_000);
          JsonObject echo = ((Http.Reply) all.resultAt(2)).json();
          assertThat(echo.getString("method")).isEqualTo("PUT");
          assertThat(echo.getString("path")).isEqualTo("/upload/x");
          assertThat(echo.getString("query")).isEqualTo("y=1");
          assertThat(echo.getLong("bodyBytes")).isEqualTo(3_000_000L);
          assertThat(echo.getJsonObject("headers").getString("content-length")).isEqualTo("3000000");
          assertThat(((Http.Reply) all.resultAt(3)).status()).isEqualTo(400);
          ctx.completeNow();
        })));
  }
}
