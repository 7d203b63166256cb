package dev.abgw.gateway.proxy.resilience;

import dev.abgw.experiments.StaticResponse;
import io.vertx.core.http.HttpClientResponse;
import java.net.URI;

/** How the attempts at a request ended: what the proxy is to send the client. */
public sealed interface AttemptResult {
  /** An upstream's answer to relay; {@code servedBy} is the variant whose upstream gave it. */
  record Answer(HttpClientResponse response, String servedBy) implements AttemptResult {}

  /** A fallback's static response. */
  record Static(StaticResponse response) implements AttemptResult {}

  /** The last attempt failed before any answer: {@code variant}'s upstream, waited up to {@code timeoutMillis}. */
  record Failure(Throwable error, String variant, URI upstream, long timeoutMillis) implements AttemptResult {}

  /**
   * The gateway itself refused (rate limit: 429, open circuit: 503) and no fallback took over;
   * {@code errorKind} is {@code rate_limited} or {@code circuit_open}.
   */
  record Refused(int status, String errorKind, String message, long retryAfterMillis) implements AttemptResult {}
}
