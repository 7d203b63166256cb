package dev.abgw.gateway.proxy;

import static dev.abgw.gateway.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.abgw.gateway.Harness;
import dev.abgw.gateway.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The proxy's HTTP/1.1 edge answers framing mistakes as RFC 9112 says, with raw sockets. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EdgeFramingTest {
  private Harness h;
  private final AtomicInteger upstreamCalls = new AtomicInteger();

  @BeforeEach
  void start(Vertx vertx) {
    h = Harness.start(vertx, null, cfg -> cfg.withSafeguards(cfg.safeguards().withHeaderTimeoutMillis(700)
        .withMaxRequestsPerConnection(3)));
    HttpServer up = Harness.upstream(vertx, req -> {
      upstreamCalls.incrementAndGet();
      req.body().onSuccess(b -> req.response().end(new JsonObject().put("bytes", b.length())
          .put("requestId", req.getHeader("x-request-id")).put("xff", req.getHeader("x-forwarded-for"))
          .put("forwarded", req.getHeader("forwarded")).encode()));
    });
    h.serve(Harness.twoArms("edge", "/v1", up.actualPort(), up.actualPort(), 2000, ""));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private String exchange(String request) throws Exception {
    try (RawHttp raw = new RawHttp(h.gateway.proxyPort())) {
      String response = raw.send(request).readUntilClosedOr(1500);
      closed = raw.closedByServer();
      return response;
    }
  }

  private boolean closed;

  private static String post(String headers, String body) {
    return "POST /v1/x HTTP/1.1\r\nHost: gw\r\nX-User: u\r\n" + headers + "\r\n" + body;
  }

  @Test
  void content_length_with_transfer_encoding_is_400_and_closes() throws Exception {
    String r = exchange(post("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"));
    assertThat(RawHttp.status(r)).isEqualTo(400);
    assertThat(r).contains("\"code\":\"bad_framing\"");
    assertThat(closed).isTrue();
    assertThat(upstreamCalls.get()).isZero();
  }

  @Test
  void chunked_must_be_the_final_coding() throws Exception {
    String r = exchange(post("Transfer-Encoding: chunked, identity\r\n", "5\r\nhello\r\n0\r\n\r\n"));
    assertThat(RawHttp.status(r)).isEqualTo(400);
    assertThat(closed).isTrue();
    r = exchange(post("Transfer-Encoding: identity\r\n", "hello"));
    assertThat(RawHttp.status(r)).isEqualTo(400);
    assertThat(upstreamCalls.get()).isZero();
  }

  @Test
  void an_unknown_coding_before_chunked_is_501() throws Exception {
    String r = exchange(post("Transfer-Encoding: gzip, chunked\r\n", "5\r\nhello\r\n0\r\n\r\n"));
    assertThat(RawHttp.status(r)).isEqualTo(501);
    assertThat(r).contains("\"code\":\"unsupported_transfer_coding\"");
    assertThat(closed).isTrue();
    assertThat(upstreamCalls.get()).isZero();
  }

  @Test
  void plain_chunked_passes() throws Exception {
    String r = exchange(post("Transfer-Encoding: chunked\r\nConnection: close\r\n", "5\r\nhello\r\n0\r\n\r\n"));
    assertThat(RawHttp.status(r)).isEqualTo(200);
    assertThat(r).contains("\"bytes\":5");
  }

  @Test
  void missing_or_duplicate_host_is_400() throws Exception {
    String r = exchange("GET /v1/x HTTP/1.1\r\nX-User: u\r\n\r\n");
    assertThat(RawHttp.status(r)).isEqualTo(400);
    assertThat(r).contains("Host");
    r = exchange("GET /v1/x HTTP/1.1\r\nHost: a\r\nHost: b\r\nX-User: u\r\n\r\n");
    assertThat(RawHttp.status(r)).isEqualTo(400);
    assertThat(upstreamCalls.get()).isZero();
  }

  @Test
  void a_bad_chunk_size_is_never_counted() throws Exception {
    String r = exchange(post("Transfer-Encoding: chunked\r\n", "zz\r\nhello\r\n0\r\n\r\n"));
    assertThat(RawHttp.status(r)).isIn(-1, 400);
    assertThat(closed).isTrue();
    h.flush();
    assertThat(await(h.gateway.store().snapshot("edge")).arms()).as(h.adminGet("/experiments/edge/export").body()).isEmpty();
  }

  @Test
  void the_gateways_own_headers_cannot_be_removed_through_connection() throws Exception {
    String r = exchange("GET /v1/x HTTP/1.1\r\nHost: gw\r\nX-User: u\r\n"
        + "Connection: close, x-request-id, x-forwarded-for, forwarded\r\n\r\n");
    assertThat(RawHttp.status(r)).isEqualTo(200);
    JsonObject body = new JsonObject(r.substring(r.indexOf("\r\n\r\n") + 4));
    assertThat(body.getString("requestId")).isNotBlank();
    assertThat(body.getString("xff")).isEqualTo("127.0.0.1");
    assertThat(body.getString("forwarded")).isEqualTo("for=127.0.0.1;proto=http;host=gw");
  }

  @Test
  void a_spoofed_forwarded_is_replaced_unless_trusted() throws Exception {
    String r = exchange("GET /v1/x HTTP/1.1\r\nHost: gw\r\nX-User: u\r\nForwarded: for=6.6.6.6\r\n"
        + "X-Forwarded-For: 6.6.6.6\r\nConnection: close\r\n\r\n");
    JsonObject body = new JsonObject(r.substring(r.indexOf("\r\n\r\n") + 4));
    assertThat(body.getString("forwarded")).isEqualTo("for=127.0.0.1;proto=http;host=gw");
    assertThat(body.getString("xff")).isEqualTo("127.0.0.1");
  }

  @Test
  void with_trust_forwarded_the_clients_forwarded_headers_are_appended_to(Vertx vertx) throws Exception {
    Harness trusted = Harness.start(vertx, null, cfg -> cfg.withSafeguards(cfg.safeguards().withTrustForwarded(true)));
    try {
      HttpServer up = Harness.upstream(vertx, req -> req.response().end(new JsonObject()
          .put("xff", req.getHeader("x-forwarded-for")).put("forwarded", req.getHeader("forwarded")).encode()));
      trusted.serve(Harness.twoArms("edge", "/v1", up.actualPort(), up.actualPort(), 2000, ""));
      try (RawHttp raw = new RawHttp(trusted.gateway.proxyPort())) {
        String r = raw.send("GET /v1/x HTTP/1.1\r\nHost: gw:8080\r\nX-User: u\r\nForwarded: for=10.0.0.1\r\n"
            + "X-Forwarded-For: 10.0.0.1\r\nConnection: close\r\n\r\n").readUntilClosedOr(3000);
        JsonObject body = new JsonObject(r.substring(r.indexOf("\r\n\r\n") + 4));
        assertThat(body.getString("forwarded")).isEqualTo("for=10.0.0.1, for=127.0.0.1;proto=http;host=\"gw:8080\"");
        assertThat(body.getString("xff")).isEqualTo("10.0.0.1, 127.0.0.1");
      }
    } finally {
      trusted.close();
    }
  }

  @Test
  void a_connection_that_sends_no_complete_head_is_closed_after_the_header_timeout() throws Exception {
    try (RawHttp raw = new RawHttp(h.gateway.proxyPort())) {
      long t0 = System.nanoTime();
      raw.send("GET /v1/x HTTP/1.1\r\nHost: gw\r\n");
      for (int i = 0; i < 3; i++) {
        Thread.sleep(150);
        raw.send("X-Slow-" + i + ": y\r\n"); // a byte now and then must not keep it open
      }
      raw.readUntilClosedOr(3000);
      assertThat(raw.closedByServer()).isTrue();
      assertThat((System.nanoTime() - t0) / 1e6).isBetween(600.0, 2500.0);
    }
  }

  @Test
  void a_connection_is_closed_after_its_request_bound() throws Exception {
    try (RawHttp raw = new RawHttp(h.gateway.proxyPort())) {
      String get = "GET /v1/x HTTP/1.1\r\nHost: gw\r\nX-User: u\r\n\r\n";
      raw.send(get + get + get + get);
      String all = raw.readUntilClosedOr(3000);
      assertThat(raw.closedByServer()).isTrue();
      assertThat(all.split("HTTP/1.1 200", -1).length - 1).isEqualTo(3);
      assertThat(all).containsIgnoringCase("connection: close");
    }
  }

  @Test
  void unmatched_admin_paths_and_bad_escapes_get_json_errors() throws Exception {
    try (RawHttp raw = new RawHttp(h.gateway.adminPort())) {
      String r = raw.send("PUT /experiments/%zz HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer " + Harness.TOKEN
          + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}").readUntilClosedOr(3000);
      assertThat(RawHttp.status(r)).isEqualTo(400);
      assertThat(r).contains("application/json");
      JsonObject body = new JsonObject(r.substring(r.indexOf("\r\n\r\n") + 4));
      assertThat(body.getJsonObject("error").getString("code")).isEqualTo("bad_request");
    }
  }
}
