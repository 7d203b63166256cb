package dev.abgw.loadtest;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * One response as a {@link ResponseHook} sees it.
 *
 * @param sequence request number in the run, from 0
 * @param measured false for warm-up requests, which are not recorded
 * @param status HTTP status
 * @param headers response headers (e.g. {@code X-Request-Id}, {@code X-Variant}, {@code X-Sim-Quality})
 * @param body the whole response body
 * @param latencyMicros latency recorded for the request (from its intended send time in open loop)
 */
public record ResponseInfo(long sequence, boolean measured, int status, MultiMap headers, Buffer body,
    long latencyMicros) {

  /** A header value, or null. */
  public String header(String name) {
    return headers.get(name);
  }
}
