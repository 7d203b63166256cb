package dev.abgw.gateway.proxy;

import java.net.URI;

/**
 * Proxy knobs. {@code defaultUpstream} takes requests that match no experiment (null: they get 404);
 * {@code maxBufferedBodyBytes} bounds the request bodies the gateway must read to find the unit or a
 * segment (other bodies stream through unbounded); {@code adminToken} unlocks forced variants.
 */
public record ProxySettings(URI defaultUpstream, long defaultTimeoutMillis, int maxBufferedBodyBytes, String adminToken,
                            dev.abgw.gateway.Safeguards safeguards) {
  public ProxySettings(URI defaultUpstream, long defaultTimeoutMillis, int maxBufferedBodyBytes, String adminToken) {
    this(defaultUpstream, defaultTimeoutMillis, maxBufferedBodyBytes, adminToken, dev.abgw.gateway.Safeguards.defaults());
  }

  public ProxySettings {
    if (safeguards == null) safeguards = dev.abgw.gateway.Safeguards.defaults();
    if (defaultTimeoutMillis <= 0) throw new IllegalArgumentException("defaultTimeoutMillis must be > 0 (was " + defaultTimeoutMillis + ")");
    if (maxBufferedBodyBytes <= 0) throw new IllegalArgumentException("maxBufferedBodyBytes must be > 0 (was " + maxBufferedBodyBytes + ")");
  }
}
