package dev.abgw.agents;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated AI agent endpoint on 127.0.0.1 that speaks OpenAI chat completions.
 *
 * <ul>
 *   <li>{@code POST /v1/chat/completions} (or any path ending in {@code /chat/completions}): a chat
 *       completion as JSON, or as server-sent events when the body has {@code "stream": true}; see
 *       {@link AgentConfig} for latency, tokens, errors, holds, quality and stalls. Every chat answer
 *       carries {@code X-Sim-Quality} (true quality for this request, in [0, 1]) and {@code X-Sim-Agent}.</li>
 *   <li>{@code GET /health}: {@code {"status":"UP","name":..}}.</li>
 *   <li>{@code GET /bytes/{n}}: {@code n} bytes.</li>
 *   <li>anything else: echo of method, path, headers and body length as JSON (bodies streamed, not held).</li>
 * </ul>
 *
 * <p>Start with {@link #start(Vertx, AgentConfig)}; from a shell with {@link #main(String[])}.
 */
public final class SimulatedAgent {

  private final AgentConfig config;
  private final ChatCompletionHandler chat;
  private final AtomicLong chatRequests = new AtomicLong();
  private HttpServer server;

  private SimulatedAgent(Vertx vertx, AgentConfig config) {
    this.config = config;
    this.chat = new ChatCompletionHandler(vertx, config, System.nanoTime());
  }

  /** Starts an agent listening on 127.0.0.1 at {@code config.port()} (0: an ephemeral port). */
  public static Future<SimulatedAgent> start(Vertx vertx, AgentConfig config) {
    SimulatedAgent agent = new SimulatedAgent(vertx, config);
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(config.port()))
        .requestHandler(agent::route)
        .listen()
        .map(server -> {
          agent.server = server;
          return agent;
        });
  }

  /** The port the agent listens on. */
  public int port() {
    return server.actualPort();
  }

  /** The config this agent was started with. */
  public AgentConfig config() {
    return config;
  }

  /** Chat requests received so far; request number {@code i} (from 0) draws its fate from {@code (seed, i)}. */
  public long chatRequests() {
    return chatRequests.get();
  }

  /** Chat requests currently held without an answer (the timeout behaviour). */
  public int heldRequests() {
    return chat.heldRequests();
  }

  /** Stops listening, cancels pending answers and closes open connections. */
  public Future<Void> close() {
    chat.cancelAll();
    return server.close();
  }

  private void route(HttpServerRequest request) {
    String path = request.path();
    if (request.method() == HttpMethod.POST && path.endsWith("/chat/completions")) {
      chat.handle(request, chatRequests.getAndIncrement());
    } else if (request.method() == HttpMethod.GET && path.equals("/health")) {
      PlainHttpHandlers.health(request, config.name());
    } else if (request.method() == HttpMethod.GET && path.startsWith("/bytes/")) {
      PlainHttpHandlers.bytes(request, path.substring("/bytes/".length()));
    } else {
      PlainHttpHandlers.echo(request);
    }
  }

  /**
   * Starts one or more agents from flags and runs until killed; see {@link AgentFlags} for the flags
   * and {@code docs/loadtest.md} for examples.
   */
  public static void main(String[] args) {
    List<AgentConfig> configs;
    try {
      configs = AgentFlags.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(AgentFlags.USAGE);
      System.exit(2);
      return;
    }
    if (configs.isEmpty()) {
      System.out.println(AgentFlags.USAGE);
      return;
    }
    Vertx vertx = Vertx.vertx();
    for (AgentConfig config : configs) {
      start(vertx, config)
          .onSuccess(agent -> System.out.println("agent " + config.name() + " listening on http://127.0.0.1:"
              + agent.port() + " " + AgentFlags.describe(config)))
          .onFailure(e -> {
            System.err.println("agent " + config.name() + " failed to start: " + e.getMessage());
            vertx.close().onComplete(v -> System.exit(1));
          });
    }
  }
}
