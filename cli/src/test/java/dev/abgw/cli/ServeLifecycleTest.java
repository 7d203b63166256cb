package dev.abgw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.analysis.event.EventCodec;
import dev.abgw.analysis.event.RequestEvent;
import dev.abgw.gateway.store.EmbeddedEventStore;
import dev.abgw.gateway.store.EventPage;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code abgw serve} as an operator sees it: a start that cannot succeed ends at once with one line and a
 * non-zero status; SIGTERM lets in-flight requests finish, writes every acknowledged request to the store,
 * says so, and exits 0.
 */
class ServeLifecycleTest {
  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void a_taken_port_ends_the_process_within_five_seconds_with_one_line() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
         ServeProcess p = ServeProcess.start(Map.of(), "serve", "--bind", "127.0.0.1", "--port",
             String.valueOf(taken.getLocalPort()), "--admin-port", "0", "--dev-no-auth", "--data", dir.toString())) {
      long start = System.nanoTime();
      int status = p.awaitExit(Duration.ofSeconds(5));
      assertThat(status).isNotZero();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertOneStartupLine(p, "cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (--port, the proxy): address already in use");
    }
  }

  @Test
  void a_taken_admin_port_is_named_as_the_admin_port() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
         ServeProcess p = ServeProcess.start(Map.of(), "serve", "--bind", "127.0.0.1", "--port", "0",
             "--admin-port", String.valueOf(taken.getLocalPort()), "--dev-no-auth", "--data", dir.toString())) {
      assertThat(p.awaitExit(Duration.ofSeconds(5))).isNotZero();
      assertOneStartupLine(p, "(--admin-port, the admin API): address already in use");
    }
  }

  @Test
  void redis_that_does_not_answer_at_start_ends_the_process_with_one_line() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (ServeProcess p = ServeProcess.start(Map.of(), "serve", "--port", "0", "--admin-port", "0", "--dev-no-auth",
        "--redis", "redis://user:secret@127.0.0.1:" + closedPort)) {
      assertThat(p.awaitExit(Duration.ofSeconds(5))).isNotZero();
      assertOneStartupLine(p, "cannot reach Redis at redis://***@127.0.0.1:" + closedPort + ": ");
      assertThat(String.join("\n", p.stderr())).doesNotContain("secret");
    }
  }

  @Test
  void an_experiments_directory_that_does_not_exist_ends_the_process_with_one_line() throws Exception {
    Path missing = dir.resolve("no-such-dir");
    try (ServeProcess p = ServeProcess.start(Map.of(), "serve", "--port", "0", "--admin-port", "0", "--dev-no-auth",
        "--data", dir.resolve("data").toString(), "--experiments", missing.toString())) {
      assertThat(p.awaitExit(Duration.ofSeconds(5))).isNotZero();
      assertOneStartupLine(p, "cannot read experiments directory " + missing + ": no such directory");
    }
  }

  @Test
  void sigterm_drains_in_flight_requests_and_every_acknowledged_request_is_in_the_store() throws Exception {
    AtomicInteger arrived = new AtomicInteger();
    HttpServer upstream = vertx.createHttpServer().requestHandler(req -> {
      arrived.incrementAndGet();
      long delay = Long.parseLong(req.getHeader("x-delay-ms"));
      vertx.setTimer(delay, t -> req.response().putHeader("content-type", "application/json")
          .end("{\"choices\":[{\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}"));
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    Path experiments = Files.createDirectories(dir.resolve("experiments"));
    Files.writeString(experiments.resolve("drain.json"), """
        {"id": "drain", "status": "running", "route": {"pathPrefix": "/v1"},
         "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:%d", "weight": 1},
                      {"name": "treatment", "upstream": "http://127.0.0.1:%d", "weight": 1}],
         "control": "control",
         "metrics": [{"name": "latency", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "latencyMs"}]}
        """.formatted(upstream.actualPort(), upstream.actualPort()));
    Path data = dir.resolve("data");
    HttpClient http = HttpClient.newHttpClient();
    Set<String> acknowledged = new HashSet<>();
    try (ServeProcess p = ServeProcess.start(Map.of(), "serve", "--bind", "127.0.0.1", "--port", "0",
        "--admin-port", "0", "--dev-no-auth", "--data", data.toString(), "--experiments", experiments.toString(),
        "--drain-seconds", "10")) {
      int port = p.awaitListening(Duration.ofSeconds(20))[0];
      for (int i = 0; i < 5; i++) acknowledged.add(requestId(http.send(request(port, "quick-" + i, 1), HttpResponse.BodyHandlers.ofString())));
      List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        slow.add(http.sendAsync(request(port, "slow-" + i, 1500), HttpResponse.BodyHandlers.ofString()));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (arrived.get() < 17 && System.nanoTime() < deadline) Thread.sleep(10);
      assertThat(arrived.get()).as("slow requests reached the upstream").isEqualTo(17);

      p.process.destroy(); // SIGTERM
      List<String> failures = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> f : slow) {
        try {
          acknowledged.add(requestId(f.get(10, TimeUnit.SECONDS)));
        } catch (Exception e) {
          failures.add(String.valueOf(e));
        }
      }
      int status = p.awaitExit(Duration.ofSeconds(20));
      assertThat(failures).as("exit %s, stderr: %s", status, p.stderr()).isEmpty();
      assertThat(p.awaitExit(Duration.ofSeconds(20))).as("exit status; stderr: %s", p.stderr()).isZero();
      assertThat(p.stderr()).anyMatch(l -> l.contains("12 of 12 in-flight request(s) drained, 12 record(s) flushed to the store"));
    } finally {
      upstream.close();
    }
    assertThat(acknowledged).hasSize(17);
    assertThat(storedRequestIds(data)).containsAll(acknowledged).hasSize(17);
  }

  @Test
  void json_logs_are_one_object_per_line_and_the_access_log_has_the_request() throws Exception {
    HttpServer upstream = vertx.createHttpServer().requestHandler(req -> req.response()
        .putHeader("content-type", "application/json").end("{\"ok\":true}"))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    Path experiments = Files.createDirectories(dir.resolve("experiments"));
    Files.writeString(experiments.resolve("logs.json"), """
        {"id": "logs", "status": "running", "route": {"pathPrefix": "/v1"},
         "unit": {"source": "header", "name": "X-User"},
         "variants": [{"name": "control", "upstream": "http://127.0.0.1:%d", "weight": 1},
                      {"name": "treatment", "upstream": "http://127.0.0.1:%d", "weight": 1}],
         "control": "control",
         "metrics": [{"name": "latency", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "latencyMs"}]}
        """.formatted(upstream.actualPort(), upstream.actualPort()));
    HttpClient http = HttpClient.newHttpClient();
    List<String> lines;
    String requestId;
    try (ServeProcess p = ServeProcess.start(Map.of("ABGW_LOG_FORMAT", "json", "ABGW_ACCESS_LOG", "true"), "serve",
        "--bind", "127.0.0.1", "--port", "0", "--admin-port", "0", "--dev-no-auth", "--data", dir.resolve("data").toString(),
        "--experiments", experiments.toString())) {
      int port = p.awaitListening(Duration.ofSeconds(20))[0];
      HttpResponse<String> r = http.send(request(port, "alice", 1), HttpResponse.BodyHandlers.ofString());
      requestId = requestId(r);
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/elsewhere")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
      p.process.destroy();
      assertThat(p.awaitExit(Duration.ofSeconds(20))).isZero();
      lines = p.stderr().stream().filter(l -> !l.startsWith("SLF4J:")).toList();
    } finally {
      upstream.close();
    }
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<com.fasterxml.jackson.databind.JsonNode> events = new ArrayList<>();
    for (String l : lines) events.add(json.readTree(l)); // every line is one JSON object
    assertThat(events).allSatisfy(e -> assertThat(e.path("time").asText()).isNotEmpty())
        .anySatisfy(e -> assertThat(e.path("message").asText()).startsWith("proxy on 127.0.0.1:"))
        .anySatisfy(e -> assertThat(e.path("message").asText()).contains("in-flight request(s) drained"));
    com.fasterxml.jackson.databind.JsonNode access = events.stream()
        .filter(e -> e.path("logger").asText().equals("abgw.access") && e.path("request_id").asText().equals(requestId))
        .findFirst().orElseThrow(() -> new AssertionError("no access event for " + requestId + " in " + lines));
    assertThat(access.path("experiment").asText()).isEqualTo("logs");
    assertThat(access.path("variant").asText()).isIn("control", "treatment");
    assertThat(access.path("status").asInt()).isEqualTo(200);
    assertThat(access.path("latency_ms").isNumber()).isTrue();
    assertThat(access.path("bytes_in").asLong()).isEqualTo(2);
    assertThat(access.path("bytes_out").asLong()).isEqualTo("{\"ok\":true}".length());
    assertThat(events).anySatisfy(e -> {
      assertThat(e.path("logger").asText()).isEqualTo("abgw.access");
      assertThat(e.path("status").asInt()).isEqualTo(404);
      assertThat(e.has("experiment")).isFalse();
    });
  }

  private static HttpRequest request(int port, String user, long delayMillis) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .header("x-user", user).header("x-delay-ms", String.valueOf(delayMillis)).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
  }

  private static String requestId(HttpResponse<String> r) {
    assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(200);
    return r.headers().firstValue("x-request-id").orElseThrow();
  }

  private static Set<String> storedRequestIds(Path data) throws Exception {
    EmbeddedEventStore store = EmbeddedEventStore.open(data, Clock.systemUTC(), Duration.ofDays(7).toMillis());
    try {
      EventPage page = store.events("drain", null, 1000).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      Set<String> ids = new HashSet<>();
      page.events().forEach(fields -> {
        if (EventCodec.decode(fields.encode()) instanceof RequestEvent r) ids.add(r.requestId());
      });
      return ids;
    } finally {
      store.close();
    }
  }

  private static void assertOneStartupLine(ServeProcess p, String expected) {
    List<String> lines = p.stderr();
    assertThat(lines).as("stderr").noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception in thread"));
    assertThat(lines.stream().filter(l -> l.startsWith("abgw: cannot start: ")).toList()).as("stderr: %s", lines)
        .singleElement().asString().contains(expected);
  }
}
