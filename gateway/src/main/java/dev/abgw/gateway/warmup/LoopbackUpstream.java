package dev.abgw.gateway.warmup;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * The warm-up's upstream, on an ephemeral loopback port: an OpenAI-compatible chat completion with usage and a
 * finish reason (what {@code ResponseSniffer} reads), as one JSON body or, for a body that asks
 * {@code "stream":true}, as an SSE stream of two chunks, so both of the sniffer's paths are compiled.
 */
final class LoopbackUpstream {
  private static final Buffer JSON = Buffer.buffer("""
      {"id":"warmup","object":"chat.completion","model":"warmup","choices":[{"index":0,\
      "message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],\
      "usage":{"prompt_tokens":12,"completion_tokens":8,"total_tokens":20}}""");
  private static final Buffer SSE_FIRST = Buffer.buffer("data: {\"id\":\"warmup\",\"object\":\"chat.completion.chunk\","
      + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"o\"}}]}\n\n");
  private static final Buffer SSE_LAST = Buffer.buffer("data: {\"id\":\"warmup\",\"object\":\"chat.completion.chunk\","
      + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"k\"},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":8,\"total_tokens\":20}}\n\ndata: [DONE]\n\n");

  private final HttpServer server;

  private LoopbackUpstream(HttpServer server) {
    this.server = server;
  }

  static Future<LoopbackUpstream> start(Vertx vertx) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false).setTcpNoDelay(true));
    return server.requestHandler(LoopbackUpstream::answer).listen(0, "127.0.0.1").map(LoopbackUpstream::new);
  }

  private static void answer(HttpServerRequest req) {
    req.body().onSuccess(body -> {
      if (body.toString().contains("\"stream\":true")) {
        req.response().setChunked(true).putHeader("content-type", "text/event-stream");
        req.response().write(SSE_FIRST);
        req.response().end(SSE_LAST);
      } else {
        req.response().putHeader("content-type", "application/json").end(JSON);
      }
    }).onFailure(err -> req.response().setStatusCode(400).end());
  }

  int port() {
    return server.actualPort();
  }

  Future<Void> close() {
    return server.close();
  }
}
