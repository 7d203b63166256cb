package dev.abgw.gateway.config;

import java.nio.file.Path;

/**
 * The gateway's limits against slow or hostile clients and a failing Redis. Defaults are for production;
 * every one is a flag of {@code abgw serve}.
 *
 * @param clientBodyTimeoutMillis a request body not complete this long after the request began is answered
 *     408 and recorded as {@code client_slow}, never as the variant's error ({@code --client-body-timeout})
 * @param headerTimeoutMillis a connection that has not sent a complete request head this long after it opened
 *     (or after its previous response ended) is closed ({@code --header-timeout-ms})
 * @param maxRequestsPerConnection after this many requests a connection is answered with
 *     {@code Connection: close} ({@code --max-requests-per-connection})
 * @param trustForwarded keep the client's {@code Forwarded} and {@code X-Forwarded-For} (this gateway sits
 *     behind a proxy that sets them) and append to them; false: replace both with what this gateway saw
 *     ({@code --trust-forwarded})
 * @param redisTimeoutMillis every Redis command fails after this long without an answer ({@code --redis-timeout-ms})
 * @param spoolDir where records go while Redis does not answer; null: {@code DATA/spool} ({@code --spool-dir})
 * @param spoolMaxBytes the spool's bound; records beyond it are dropped and counted ({@code --spool-max-mb})
 */
public record Safeguards(long clientBodyTimeoutMillis, long headerTimeoutMillis, int maxRequestsPerConnection,
                         boolean trustForwarded, long redisTimeoutMillis, Path spoolDir, long spoolMaxBytes) {
  public Safeguards {
    if (clientBodyTimeoutMillis < 1) throw new IllegalArgumentException("--client-body-timeout must be >= 1 ms (was " + clientBodyTimeoutMillis + ")");
    if (headerTimeoutMillis < 1) throw new IllegalArgumentException("--header-timeout-ms must be >= 1 (was " + headerTimeoutMillis + ")");
    if (maxRequestsPerConnection < 1) throw new IllegalArgumentException("--max-requests-per-connection must be >= 1 (was " + maxRequestsPerConnection + ")");
    if (redisTimeoutMillis < 1) throw new IllegalArgumentException("--redis-timeout-ms must be >= 1 (was " + redisTimeoutMillis + ")");
    if (spoolMaxBytes < 1024 * 1024) throw new IllegalArgumentException("--spool-max-mb must be >= 1 (was " + spoolMaxBytes + " bytes)");
  }

  public static Safeguards defaults() {
    return new Safeguards(30_000, 10_000, 10_000, false, 2_000, null, 256L * 1024 * 1024);
  }

  public Safeguards withClientBodyTimeoutMillis(long ms) {
    return new Safeguards(ms, headerTimeoutMillis, maxRequestsPerConnection, trustForwarded, redisTimeoutMillis, spoolDir, spoolMaxBytes);
  }

  public Safeguards withHeaderTimeoutMillis(long ms) {
    return new Safeguards(clientBodyTimeoutMillis, ms, maxRequestsPerConnection, trustForwarded, redisTimeoutMillis, spoolDir, spoolMaxBytes);
  }

  public Safeguards withMaxRequestsPerConnection(int n) {
    return new Safeguards(clientBodyTimeoutMillis, headerTimeoutMillis, n, trustForwarded, redisTimeoutMillis, spoolDir, spoolMaxBytes);
  }

  public Safeguards withTrustForwarded(boolean trust) {
    return new Safeguards(clientBodyTimeoutMillis, headerTimeoutMillis, maxRequestsPerConnection, trust, redisTimeoutMillis, spoolDir, spoolMaxBytes);
  }

  public Safeguards withRedisTimeoutMillis(long ms) {
    return new Safeguards(clientBodyTimeoutMillis, headerTimeoutMillis, maxRequestsPerConnection, trustForwarded, ms, spoolDir, spoolMaxBytes);
  }

  public Safeguards withSpool(Path dir, long maxBytes) {
    return new Safeguards(clientBodyTimeoutMillis, headerTimeoutMillis, maxRequestsPerConnection, trustForwarded, redisTimeoutMillis, dir, maxBytes);
  }
}
