package dev.abgw.gateway.store;

import dev.abgw.analysis.cell.Snapshot;
import dev.abgw.analysis.cell.ArmCounts;
import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.GatewayChildMain;
import dev.abgw.gateway.Harness;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A gateway process on the embedded store, killed with SIGKILL mid-load, then started again on the same data
 * directory: every judgment it acknowledged (201) is there, the log replays with no unreadable line, and
 * requests lose at most what was in flight (records are written off the response path, every 5 ms).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedKillTest {
  static final int CLIENTS = 4;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process child;
  private Vertx vertx;

  @AfterEach
  void stop() {
    if (child != null) child.destroyForcibly();
    if (vertx != null) await(vertx.close());
  }

  private int[] startChild(Path data, Path experiments) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), GatewayChildMain.class.getName(),
        data.toString(), experiments.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Runtime.getRuntime().addShutdownHook(new Thread(child::destroyForcibly));
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("PORTS ")) {
        String[] p = line.split(" ");
        return new int[] {Integer.parseInt(p[1]), Integer.parseInt(p[2])};
      }
    }
    throw new IllegalStateException("the gateway process exited before it served");
  }

  private HttpResponse<String> send(HttpRequest r) {
    try {
      return http.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      return null; // the process is gone: not acknowledged
    }
  }

  @Test
  void a_sigkill_mid_load_loses_no_acknowledged_judgment() throws Exception {
    vertx = Vertx.vertx();
    HttpServer up = Harness.upstream(vertx, req -> req.body().onSuccess(b -> req.response().end("{}")));
    Path data = Files.createTempDirectory("abgw-kill-data");
    Path experiments = Files.createTempDirectory("abgw-kill-exp");
    Files.writeString(experiments.resolve("kill.json"), """
        {"id": "kill", "status": "running", "route": {"pathPrefix": "/v1"},
         "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:%d", "weight": 50},
                      {"name": "treatment", "upstream": "http://127.0.0.1:%d", "weight": 50}],
         "control": "control",
         "metrics": [{"name": "score", "type": "continuous", "direction": "increase", "source": "judgment"}]}
        """.formatted(up.actualPort(), up.actualPort()));
    int[] ports = startChild(data, experiments);
    AtomicLong requests = new AtomicLong();
    AtomicLong judgments = new AtomicLong();
    long end = System.nanoTime() + 10_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.add(pool.submit(() -> {
        for (int i = 0; System.nanoTime() < end; i++) {
          HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[0] + "/v1/x"))
              .timeout(Duration.ofSeconds(2)).header("X-User", "u" + client + "-" + i).GET().build());
          if (r == null) return;
          if (r.statusCode() == 200) requests.incrementAndGet();
          HttpResponse<String> j = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[1] + "/judgments"))
              .timeout(Duration.ofSeconds(2)).header("authorization", "Bearer " + Harness.TOKEN)
              .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                  .put("requestId", r.headers().firstValue("x-request-id").orElseThrow()).put("metric", "score")
                  .put("value", 1 + i % 5).put("id", "k-" + client + "-" + i).encode())).build());
          if (j == null) return;
          if (j.statusCode() == 201) judgments.incrementAndGet();
        }
      }));
    }
    // Mid-load: once the load is well under way (a cold child JVM on a busy machine warms up slowly).
    long killBy = System.nanoTime() + 6_000_000_000L;
    while (judgments.get() < 200 && System.nanoTime() < killBy) Thread.sleep(10);
    child.destroyForcibly().waitFor(); // SIGKILL
    for (Future<?> f : clients) f.get(30, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(judgments.get()).isGreaterThan(50);

    EmbeddedEventStore reopened = EmbeddedEventStore.open(data, java.time.Clock.systemUTC(), 3_600_000);
    try {
      assertThat(reopened.unreadableLines()).isZero();
      Snapshot s = await(reopened.snapshot("kill"));
      long storedJudgments = (long) s.stats().entrySet().stream()
          .filter(e -> e.getKey().isOverall() && e.getKey().metric().equals("score"))
          .mapToDouble(e -> e.getValue().sumN()).sum();
      long storedRequests = s.arms().values().stream().mapToLong(ArmCounts::requests).sum();
      System.out.println("EmbeddedKillTest: acknowledged requests " + requests.get() + ", judgments " + judgments.get()
          + "; stored requests " + storedRequests + ", judgments " + storedJudgments);
      // Every acknowledged judgment is there; at most the ones in flight at the kill are there unacknowledged.
      assertThat(storedJudgments).isBetween(judgments.get(), judgments.get() + CLIENTS);
      assertThat(storedRequests).isBetween(requests.get() - 2L * CLIENTS, requests.get() + CLIENTS);
    } finally {
      await(reopened.close());
    }
  }
}
