package dev.abgw.gateway.telemetry;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Gateway;
import dev.abgw.gateway.GatewayConfig;
import dev.abgw.gateway.Harness;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spans exported over OTLP/HTTP to a real receiver on loopback (decoded with the opentelemetry-proto classes):
 * the server span continues the client's traceparent, the client span is its child, the upstream receives the
 * client span's context, and a request without traceparent starts a new trace. The unit id never leaves.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TracingTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_PARENT = "00f067aa0ba902b7";

  private final List<Span> spans = new CopyOnWriteArrayList<>();
  private final Map<String, String> upstreamTraceparent = new ConcurrentHashMap<>();
  private HttpServer receiver;
  private HttpServer upstream;
  private Gateway gateway;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    receiver = await(vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)).requestHandler(req -> {
      if (!req.path().equals("/v1/traces")) {
        req.response().setStatusCode(404).end();
        return;
      }
      req.body().onSuccess(b -> {
        try {
          ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(b.getBytes());
          export.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> spans.addAll(ss.getSpansList())));
          req.response().putHeader("content-type", "application/x-protobuf").end();
        } catch (Exception e) {
          req.response().setStatusCode(400).end();
        }
      });
    }).listen(0, "127.0.0.1"));
    upstream = Harness.upstream(vertx, req -> req.body().onSuccess(b -> {
      upstreamTraceparent.put(req.getHeader("x-user"), String.valueOf(req.getHeader("traceparent")));
      req.response().putHeader("content-type", "application/json")
          .end("{\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2,\"total_tokens\":9}}");
    }));
    Tracing tracing = Tracing.fromProperties(Map.of("OTEL_TRACES_EXPORTER", "otlp",
        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:" + receiver.actualPort() + "/v1/traces",
        "OTEL_BSP_SCHEDULE_DELAY", "50"));
    assertThat(tracing.enabled()).isTrue();
    gateway = await(Gateway.start(vertx, GatewayConfig.local(Files.createTempDirectory("abgw-trace")), m -> { },
        Clock.systemUTC(), tracing));
    gateway.registry().put(Harness.twoArms("exp", "/v1", upstream.actualPort(), upstream.actualPort(), 5000, ""));
  }

  @AfterEach
  void stop() {
    await(gateway.close());
    upstream.close();
    receiver.close();
  }

  @Test
  void server_span_continues_the_clients_trace_and_the_upstream_gets_the_client_spans_context() throws Exception {
    HttpResponse<String> r = http.send(chat("alice").header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_PARENT + "-01")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    awaitSpans(2);

    Span server = only(Span.SpanKind.SPAN_KIND_SERVER);
    Span client = only(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(hex(server.getTraceId())).isEqualTo(TRACE_ID);
    assertThat(hex(server.getParentSpanId())).isEqualTo(CLIENT_PARENT);
    assertThat(hex(client.getTraceId())).isEqualTo(TRACE_ID);
    assertThat(hex(client.getParentSpanId())).isEqualTo(hex(server.getSpanId()));
    assertThat(upstreamTraceparent.get("alice")).isEqualTo("00-" + TRACE_ID + "-" + hex(client.getSpanId()) + "-01");

    String variant = r.headers().firstValue("x-variant").orElseThrow();
    assertThat(attr(server, "abgw.experiment")).contains("exp");
    assertThat(attr(server, "abgw.variant")).contains(variant);
    assertThat(attr(server, "abgw.unit_hash")).contains(ExchangeSpans.unitHash("alice"));
    assertThat(attr(server, "http.response.status_code")).contains("200");
    assertThat(attr(server, "gen_ai.usage.input_tokens")).contains("7");
    assertThat(attr(server, "gen_ai.usage.output_tokens")).contains("2");
    assertThat(attr(client, "abgw.variant")).contains(variant);
    for (Span s : spans) {
      assertThat(s.getAttributesList()).noneMatch(kv -> kv.getValue().getStringValue().contains("alice"));
    }
  }

  @Test
  void a_request_without_traceparent_starts_a_new_trace() throws Exception {
    assertThat(http.send(chat("bob").build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    awaitSpans(2);
    Span server = only(Span.SpanKind.SPAN_KIND_SERVER);
    Span client = only(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(server.getParentSpanId().isEmpty()).as("a root span").isTrue();
    assertThat(hex(server.getTraceId())).isNotEqualTo(TRACE_ID).doesNotMatch("0+");
    assertThat(client.getTraceId()).isEqualTo(server.getTraceId());
    // Flags 03: sampled, and (W3C Trace Context level 2) a random trace id, which the SDK generated.
    assertThat(upstreamTraceparent.get("bob")).isEqualTo("00-" + hex(server.getTraceId()) + "-" + hex(client.getSpanId()) + "-03");
  }

  @Test
  void a_retried_request_has_one_ended_client_span_per_attempt(Vertx vertx) throws Exception {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    HttpServer flaky = Harness.upstream(vertx, req -> req.body().onSuccess(b ->
        req.response().setStatusCode(calls.incrementAndGet() == 1 ? 503 : 200).end("{}")));
    try {
      gateway.registry().put(Harness.experiment("""
          {"id": "retry", "status": "running", "route": {"pathPrefix": "/r"},
           "unit": {"source": "header", "name": "X-User"},
           "variants": [{"name": "control", "upstream": "http://127.0.0.1:%1$d", "weight": 1},
                        {"name": "treatment", "upstream": "http://127.0.0.1:%1$d", "weight": 1}],
           "control": "control",
           "metrics": [{"name": "latency", "type": "continuous", "direction": "decrease", "source": "proxy", "field": "latencyMs"}],
           "resilience": {"retry": {"maxAttempts": 2, "on": ["status_5xx"], "backoffMillis": 0, "maxBackoffMillis": 0}}}
          """.formatted(flaky.actualPort())));
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.proxyPort() + "/r"))
          .header("x-user", "carol").header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("x-abgw-attempts")).contains("2");
      awaitSpans(3);
      Span server = only(Span.SpanKind.SPAN_KIND_SERVER);
      List<Span> clients = spans.stream().filter(x -> x.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).toList();
      assertThat(clients).hasSize(2).allSatisfy(c -> assertThat(c.getParentSpanId()).isEqualTo(server.getSpanId()));
      assertThat(clients.stream().filter(c -> c.getStatus().getCode()
          == io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR)).as("the retried attempt").hasSize(1);
    } finally {
      flaky.close();
    }
  }

  private HttpRequest.Builder chat(String user) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.proxyPort() + "/v1/chat/completions"))
        .header("x-user", user).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}"));
  }

  private void awaitSpans(int n) throws InterruptedException {
    for (int i = 0; i < 500 && spans.size() < n; i++) Thread.sleep(20);
    assertThat(spans).hasSize(n);
  }

  private Span only(Span.SpanKind kind) {
    return spans.stream().filter(s -> s.getKind() == kind).reduce((a, b) -> {
      throw new AssertionError("more than one " + kind);
    }).orElseThrow(() -> new AssertionError("no " + kind + " span among " + spans));
  }

  private static Optional<String> attr(Span s, String key) {
    return s.getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).findFirst().map(KeyValue::getValue)
        .map(v -> v.hasIntValue() ? String.valueOf(v.getIntValue()) : v.getStringValue());
  }

  private static String hex(com.google.protobuf.ByteString b) {
    return HexFormat.of().formatHex(b.toByteArray());
  }
}
