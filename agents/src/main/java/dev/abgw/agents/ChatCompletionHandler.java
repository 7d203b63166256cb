package dev.abgw.agents;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers {@code POST .../chat/completions} the way {@link AgentConfig} says: waits out any stall and
 * the drawn latency, then answers JSON or server-sent events, fails with 500, or holds the request.
 */
final class ChatCompletionHandler {

  /** Response header carrying the request's true quality in [0, 1]. */
  static final String QUALITY_HEADER = "X-Sim-Quality";
  /** Response header carrying the agent's name. */
  static final String AGENT_HEADER = "X-Sim-Agent";

  private final Vertx vertx;
  private final AgentConfig config;
  private final long startNanos;
  private final Set<Long> pendingTimers = ConcurrentHashMap.newKeySet();
  private final AtomicInteger held = new AtomicInteger();
  /** Second since start (high 32 bits) and requests seen in it (low 32 bits), for the per-second cap. */
  private final java.util.concurrent.atomic.AtomicLong secondAndCount = new java.util.concurrent.atomic.AtomicLong();

  ChatCompletionHandler(Vertx vertx, AgentConfig config, long startNanos) {
    this.vertx = vertx;
    this.config = config;
    this.startNanos = startNanos;
  }

  /** Number of requests currently held without an answer. */
  int heldRequests() {
    return held.get();
  }

  /** Cancels every pending answer, stream and hold; the agent is closing. */
  void cancelAll() {
    pendingTimers.forEach(vertx::cancelTimer);
    pendingTimers.clear();
  }

  void handle(HttpServerRequest request, long requestNumber) {
    request.body().onSuccess(raw -> onBody(request, raw, requestNumber));
  }

  private void onBody(HttpServerRequest request, Buffer raw, long requestNumber) {
    ChatRequest chat;
    try {
      chat = ChatRequest.parse(raw);
    } catch (IllegalArgumentException e) {
      sendError(request.response(), 400, ChatBodies.error(e.getMessage(), "invalid_request_error", "invalid_body"));
      return;
    }
    RequestFate fate = RequestFate.draw(config, requestNumber);
    double quality = config.quality().qualityFor(chat.body());
    long sinceStartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    long waitMillis = config.stall().delayMillis(sinceStartMillis) + fate.latencyMillis();
    HttpServerResponse response = request.response()
        .putHeader(AGENT_HEADER, config.name())
        .putHeader(QUALITY_HEADER, String.format(Locale.ROOT, "%.4f", quality));
    Faults.Verdict verdict = config.faults().verdict(config.seed(), requestNumber, sinceStartMillis,
        nthInSecond(sinceStartMillis / 1000));
    if (verdict == Faults.Verdict.OUTAGE) {
      sendError(response, 503, ChatBodies.error("simulated outage", "server_error", "simulated_outage"));
      return;
    }
    if (verdict == Faults.Verdict.RATE_LIMITED) {
      response.putHeader("retry-after", Integer.toString(config.faults().retryAfterSeconds()));
      sendError(response, 429, ChatBodies.error("simulated rate limit", "rate_limit_error", "rate_limit_exceeded"));
      return;
    }
    switch (fate.outcome()) {
      case HOLD -> hold(request);
      case ERROR -> after(response, waitMillis, () -> sendError(response, 500,
          ChatBodies.error("simulated upstream failure", "server_error", "simulated_error")));
      case ANSWER -> after(response, waitMillis, () -> answer(response, chat, fate, requestNumber));
    }
  }

  /** How many requests (this one included) arrived in {@code second} since start. */
  private long nthInSecond(long second) {
    while (true) {
      long cur = secondAndCount.get();
      long next = (cur >>> 32) == second ? cur + 1 : (second << 32) | 1;
      if (secondAndCount.compareAndSet(cur, next)) return next & 0xFFFF_FFFFL;
    }
  }

  private void answer(HttpServerResponse response, ChatRequest chat, RequestFate fate, long requestNumber) {
    String id = "chatcmpl-" + config.name() + "-" + requestNumber;
    long created = System.currentTimeMillis() / 1000;
    String model = chat.model() == null ? config.name() : chat.model();
    if (chat.stream()) {
      new TokenStream(response, id, created, model, chat.promptTokens(), fate).start();
    } else {
      JsonObject body = ChatBodies.completion(id, created, model, fate.content(), chat.promptTokens(),
          fate.completionTokens());
      response.putHeader("content-type", "application/json").end(body.toBuffer());
    }
  }

  /** Never answers; closes the connection after {@code maxHoldMillis} unless the client leaves first. */
  private void hold(HttpServerRequest request) {
    held.incrementAndGet();
    long timer = vertx.setTimer(config.maxHoldMillis(), id -> {
      pendingTimers.remove(id);
      request.connection().close();
    });
    pendingTimers.add(timer);
    request.response().closeHandler(v -> {
      held.decrementAndGet();
      cancel(timer);
    });
  }

  private void after(HttpServerResponse response, long delayMillis, Runnable action) {
    if (delayMillis <= 0) {
      action.run();
      return;
    }
    long timer = vertx.setTimer(delayMillis, id -> {
      pendingTimers.remove(id);
      action.run();
    });
    pendingTimers.add(timer);
    response.closeHandler(v -> cancel(timer));
  }

  private void cancel(long timer) {
    vertx.cancelTimer(timer);
    pendingTimers.remove(timer);
  }

  private static void sendError(HttpServerResponse response, int status, JsonObject body) {
    if (!response.ended() && !response.closed()) {
      response.setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
    }
  }

  /** Writes one SSE event per token at {@code tokensPerSecond}, then finish, usage and [DONE]. */
  private final class TokenStream {
    private final HttpServerResponse response;
    private final String id;
    private final long created;
    private final String model;
    private final int promptTokens;
    private final RequestFate fate;
    private int sent;
    private long firstTokenNanos;

    TokenStream(HttpServerResponse response, String id, long created, String model, int promptTokens,
        RequestFate fate) {
      this.response = response;
      this.id = id;
      this.created = created;
      this.model = model;
      this.promptTokens = promptTokens;
      this.fate = fate;
    }

    void start() {
      response.setChunked(true)
          .putHeader("content-type", "text/event-stream")
          .putHeader("cache-control", "no-cache");
      firstTokenNanos = System.nanoTime();
      writeToken();
      if (sent == fate.completionTokens()) {
        finish();
        return;
      }
      long periodMillis = Math.max(1, (long) Math.floor(1000 / config.tokensPerSecond()));
      long timer = vertx.setPeriodic(periodMillis, this::tick);
      pendingTimers.add(timer);
      response.closeHandler(v -> cancel(timer));
    }

    /** Sends every token due by now: token {@code i} is due {@code i / tokensPerSecond} after the first. */
    private void tick(long timer) {
      double elapsedSeconds = (System.nanoTime() - firstTokenNanos) / 1e9;
      long due = Math.min(fate.completionTokens(), 1 + (long) Math.floor(elapsedSeconds * config.tokensPerSecond()));
      while (sent < due && !response.closed()) {
        writeToken();
      }
      if (sent == fate.completionTokens() || response.closed()) {
        cancel(timer);
        if (!response.closed()) {
          finish();
        }
      }
    }

    private void writeToken() {
      JsonObject chunk = ChatBodies.deltaChunk(id, created, model, fate.words().get(sent), sent == 0);
      sent++;
      response.write(event(chunk.encode()));
    }

    private void finish() {
      response.write(event(ChatBodies.finishChunk(id, created, model).encode()));
      response.write(event(ChatBodies.usageChunk(id, created, model, promptTokens, fate.completionTokens()).encode()));
      response.end(event("[DONE]"));
    }

    private Buffer event(String data) {
      return Buffer.buffer("data: " + data + "\n\n");
    }
  }
}
