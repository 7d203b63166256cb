package dev.abgw.gateway.monitor;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abgw.gateway.Harness;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WebhookTest {

  @Test
  void retries_a_failing_receiver_with_backoff_until_it_answers_2xx(Vertx vertx) {
    AtomicInteger calls = new AtomicInteger();
    List<Long> at = new CopyOnWriteArrayList<>();
    HttpServer receiver = Harness.upstream(vertx, req -> req.body().onSuccess(b -> {
      at.add(System.nanoTime());
      assertThat(b.toJsonObject().getString("action")).isEqualTo("rolled back");
      req.response().setStatusCode(calls.incrementAndGet() < 3 ? 503 : 204).end();
    }));
    List<String> log = new CopyOnWriteArrayList<>();
    Webhook webhook = new Webhook(vertx, log::add);
    int attempt = await(webhook.post(URI.create("http://127.0.0.1:" + receiver.actualPort() + "/hook"),
        new JsonObject().put("action", "rolled back")));
    assertThat(attempt).isEqualTo(3);
    assertThat(calls.get()).isEqualTo(3);
    assertThat((at.get(1) - at.get(0)) / 1e6).isGreaterThanOrEqualTo(450);
    assertThat((at.get(2) - at.get(1)) / 1e6).isGreaterThanOrEqualTo(950);
    assertThat(log).isEmpty();
    await(receiver.close());
    await(webhook.close());
  }

  @Test
  void gives_up_after_the_last_retry_and_says_why(Vertx vertx) {
    HttpServer receiver = Harness.upstream(vertx, req -> req.response().setStatusCode(500).end());
    List<String> log = new CopyOnWriteArrayList<>();
    Webhook webhook = new Webhook(vertx, log::add);
    URI url = URI.create("http://127.0.0.1:" + receiver.actualPort() + "/hook");
    assertThatThrownBy(() -> await(webhook.post(url, new JsonObject()))).hasMessageContaining("status 500");
    assertThat(log).singleElement().asString().contains("failed after 4 attempts", "status 500");
    await(receiver.close());
    await(webhook.close());
  }
}
