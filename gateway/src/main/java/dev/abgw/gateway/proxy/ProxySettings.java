package dev.abgw.gateway.proxy;

import dev.abgw.gateway.config.Safeguards;
import dev.abgw.gateway.telemetry.Tracing;
import java.net.URI;
import java.time.Clock;

/**
 * Proxy knobs. {@code defaultUpstream} takes requests that match no experiment (null: they get 404);
 * {@code maxBufferedBodyBytes} bounds the request bodies the gateway must read to find the unit or a
 * segment (other bodies stream through unbounded); {@code adminToken} unlocks forced variants; {@code clock}
 * stamps each request's time (durations are measured with {@code System.nanoTime}, which a clock cannot be);
 * {@code safeguards} are the edge's timeouts and bounds (defaults when null); {@code tracing} makes the exchange's
 * spans ({@link Tracing#off()} when null).
 */
public record ProxySettings(URI defaultUpstream, long defaultTimeoutMillis, int maxBufferedBodyBytes, String adminToken,
                            Clock clock, Safeguards safeguards, Tracing tracing) {
  public ProxySettings {
    if (clock == null) throw new IllegalArgumentException("clock must not be null");
    if (safeguards == null) safeguards = Safeguards.defaults();
    if (tracing == null) tracing = Tracing.off();
    if (defaultTimeoutMillis <= 0) throw new IllegalArgumentException("defaultTimeoutMillis must be > 0 (was " + defaultTimeoutMillis + ")");
    if (maxBufferedBodyBytes <= 0) throw new IllegalArgumentException("maxBufferedBodyBytes must be > 0 (was " + maxBufferedBodyBytes + ")");
  }
}
