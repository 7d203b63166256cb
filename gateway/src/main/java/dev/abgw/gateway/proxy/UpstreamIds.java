package dev.abgw.gateway.proxy;

import io.vertx.core.MultiMap;

/**
 * The upstream's own request id: the {@code x-request-id} an upstream (an LLM provider, another gateway) puts on
 * its response, which its support desk asks for. The gateway's {@code X-Request-Id} replaces it on the way back,
 * so the client gets it as {@code X-Upstream-Request-Id} and the request event stores it as
 * {@code upstreamRequestId}.
 */
final class UpstreamIds {
  static final String HEADER = "x-upstream-request-id";
  /** Longer values are cut, so one upstream cannot make every stored event large. */
  static final int MAX_LENGTH = 256;

  private UpstreamIds() {}

  /** The id on an upstream response, trimmed and cut to {@link #MAX_LENGTH}, or null when there is none. */
  static String of(MultiMap upstreamHeaders) {
    String id = upstreamHeaders.get("x-request-id");
    if (id == null || id.isBlank()) return null;
    id = id.strip();
    return id.length() > MAX_LENGTH ? id.substring(0, MAX_LENGTH) : id;
  }
}
