package dev.abgw.gateway.proxy;

import java.net.URI;
import java.time.Clock;

/**
 * Proxy knobs. {@code defaultUpstream} takes requests that match no experiment (null: they get 404);
 * {@code maxBufferedBodyBytes} bounds the request bodies the gateway must read to find the unit or a
 * segment (other bodies stream through unbounded); {@code adminToken} unlocks forced variants; {@code clock}
 * stamps each request's time (durations are measured with {@code System.nanoTime}, which a clock cannot be).
 */
public record ProxySettings(URI defaultUpstream, long defaultTimeoutMillis, int maxBufferedBodyBytes, String adminToken,
                            Clock clock, dev.abgw.gateway.config.Safeguards safeguards) {
  public ProxySettings(URI defaultUpstream, long defaultTimeoutMillis, int maxBufferedBodyBytes, String adminToken,
                       Clock clock) {
    this(defaultUpstream, defaultTimeoutMillis, maxBufferedBodyBytes, adminToken, clock,
        dev.abgw.gateway.config.Safeguards.defaults());
  }

  public ProxySettings {
    if (clock == null) throw new IllegalArgumentException("clock must not be null");
    if (safeguards == null) safeguards = dev.abgw.gateway.config.Safeguards.defaults();
    if (defaultTimeoutMillis <= 0) throw new IllegalArgumentException("defaultTimeoutMillis must be > 0 (was " + defaultTimeoutMillis + ")");
    if (maxBufferedBodyBytes <= 0) throw new IllegalArgumentException("maxBufferedBodyBytes must be > 0 (was " + maxBufferedBodyBytes + ")");
  }
}
