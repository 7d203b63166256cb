package dev.abgw.gateway;

import dev.abgw.analysis.cell.TimeSeriesBounds;
import dev.abgw.gateway.config.Safeguards;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything {@code abgw serve} can set. {@code redisUrl} null selects the embedded store in
 * {@code dataDir}; {@code adminToken} and {@code tokensFile} both null is allowed only with {@code devNoAuth}.
 * {@code redisShards}: how many shards each experiment's unit-level keys are split into on Redis
 * ({@code --redis-shards}, see {@code RedisEventStore}); 0: 6 on a cluster, 1 on one Redis. {@code timeSeries}:
 * the bounds of each experiment's time series ({@code --timeseries-minute-hours}, {@code --timeseries-max-hours});
 * null means {@link TimeSeriesBounds#DEFAULT}.
 */
public record GatewayConfig(String bindHost, int port, String adminBindHost, int adminPort, Path experimentsDir,
                            String redisUrl, String redisPrefix, Path dataDir, URI defaultUpstream,
                            String adminToken, boolean devNoAuth, Duration retention, long streamMaxLen,
                            int maxBufferedBodyBytes, int proxyInstances, Safeguards safeguards, Path tokensFile,
                            int redisShards, TimeSeriesBounds timeSeries) {

  public GatewayConfig {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be between 0 and 65535 (was " + port + ")");
    if (adminPort < 0 || adminPort > 65535) throw new IllegalArgumentException("--admin-port must be between 0 and 65535 (was " + adminPort + ")");
    if (adminToken == null && tokensFile == null && !devNoAuth) {
      throw new IllegalArgumentException("the admin API needs a token: set ABGW_ADMIN_TOKEN or --tokens FILE, or pass --dev-no-auth for "
          + "local development (the admin port then accepts every caller)");
    }
    if (adminToken != null && adminToken.length() < 16) {
      throw new IllegalArgumentException("ABGW_ADMIN_TOKEN must be at least 16 characters (was " + adminToken.length() + ")");
    }
    if (retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("--retention-hours must be > 0");
    if (streamMaxLen < 1000) throw new IllegalArgumentException("--stream-max-len must be >= 1000 (was " + streamMaxLen + ")");
    if (redisShards < 0 || redisShards > 1024) {
      throw new IllegalArgumentException("--redis-shards must be between 1 and 1024 (was " + redisShards + ")");
    }
    if (proxyInstances < 1) throw new IllegalArgumentException("proxyInstances must be >= 1 (was " + proxyInstances + ")");
    if (safeguards == null) safeguards = Safeguards.defaults();
    if (timeSeries == null) timeSeries = TimeSeriesBounds.DEFAULT;
    if (devNoAuth && adminToken == null && tokensFile == null && !isLoopback(adminBindHost)) {
      throw new IllegalArgumentException("--dev-no-auth needs the admin API on a loopback address (--admin-bind 127.0.0.1,"
          + " ::1 or localhost; was " + adminBindHost + "): an admin API without a token must not be reachable from"
          + " other machines");
    }
  }

  /** With the target's default shard count (6 on a cluster, 1 on one Redis). */
  public GatewayConfig(String bindHost, int port, String adminBindHost, int adminPort, Path experimentsDir,
                       String redisUrl, String redisPrefix, Path dataDir, URI defaultUpstream,
                       String adminToken, boolean devNoAuth, Duration retention, long streamMaxLen,
                       int maxBufferedBodyBytes, int proxyInstances, Safeguards safeguards, Path tokensFile) {
    this(bindHost, port, adminBindHost, adminPort, experimentsDir, redisUrl, redisPrefix, dataDir, defaultUpstream,
        adminToken, devNoAuth, retention, streamMaxLen, maxBufferedBodyBytes, proxyInstances, safeguards, tokensFile,
        dev.abgw.gateway.store.RedisEventStore.AUTO_SHARDS, null);
  }

  static boolean isLoopback(String host) {
    if (host == null) return false;
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) return true;
    String[] parts = h.split("\\.");
    if (parts.length != 4 || !parts[0].equals("127")) return false;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) return false;
    }
    return true;
  }

  /** With the spool directory resolved: {@code DATA/spool} unless set. */
  public Path spoolDir() {
    return safeguards.spoolDir() != null ? safeguards.spoolDir() : dataDir.resolve("spool");
  }

  public GatewayConfig withSafeguards(Safeguards s) {
    return new GatewayConfig(bindHost, port, adminBindHost, adminPort, experimentsDir, redisUrl, redisPrefix, dataDir,
        defaultUpstream, adminToken, devNoAuth, retention, streamMaxLen, maxBufferedBodyBytes, proxyInstances, s, tokensFile, redisShards, timeSeries);
  }

  /** Defaults for tests and embedding: ephemeral ports, embedded store in {@code dataDir}, no auth. */
  public static GatewayConfig local(Path dataDir) {
    return new GatewayConfig("127.0.0.1", 0, "127.0.0.1", 0, null, null, "abgw", dataDir, null, null, true,
        Duration.ofDays(7), 1_000_000, 16 * 1024 * 1024, 1, Safeguards.defaults(), null);
  }

  public GatewayConfig withRedis(String url, String prefix) {
    return new GatewayConfig(bindHost, port, adminBindHost, adminPort, experimentsDir, url, prefix, dataDir,
        defaultUpstream, adminToken, devNoAuth, retention, streamMaxLen, maxBufferedBodyBytes, proxyInstances, safeguards, tokensFile, redisShards, timeSeries);
  }

  public GatewayConfig withAdminToken(String token) {
    return new GatewayConfig(bindHost, port, adminBindHost, adminPort, experimentsDir, redisUrl, redisPrefix, dataDir,
        defaultUpstream, token, token == null, retention, streamMaxLen, maxBufferedBodyBytes, proxyInstances, safeguards, tokensFile, redisShards, timeSeries);
  }

  /** With the tokens file of {@code --tokens} (roles per token, re-read when it changes). */
  public GatewayConfig withTokensFile(Path file) {
    return new GatewayConfig(bindHost, port, adminBindHost, adminPort, experimentsDir, redisUrl, redisPrefix, dataDir,
        defaultUpstream, adminToken, devNoAuth && file == null && adminToken == null, retention, streamMaxLen,
        maxBufferedBodyBytes, proxyInstances, safeguards, file, redisShards, timeSeries);
  }

  /** With {@code n} proxy event loops (one {@code ProxyVerticle} each). */
  public GatewayConfig withProxyInstances(int n) {
    return new GatewayConfig(bindHost, port, adminBindHost, adminPort, experimentsDir, redisUrl, redisPrefix, dataDir,
        defaultUpstream, adminToken, devNoAuth, retention, streamMaxLen, maxBufferedBodyBytes, n, safeguards, tokensFile, redisShards, timeSeries);
  }

  /** With {@code n} shards per experiment on Redis ({@code --redis-shards}; 0: the target's default). */
  public GatewayConfig withRedisShards(int n) {
    return new GatewayConfig(bindHost, port, adminBindHost, adminPort, experimentsDir, redisUrl, redisPrefix, dataDir,
        defaultUpstream, adminToken, devNoAuth, retention, streamMaxLen, maxBufferedBodyBytes, proxyInstances, safeguards,
        tokensFile, n, timeSeries);
  }

  /** With the time-series bounds of {@code --timeseries-minute-hours} and {@code --timeseries-max-hours}. */
  public GatewayConfig withTimeSeries(TimeSeriesBounds bounds) {
    return new GatewayConfig(bindHost, port, adminBindHost, adminPort, experimentsDir, redisUrl, redisPrefix, dataDir,
        defaultUpstream, adminToken, devNoAuth, retention, streamMaxLen, maxBufferedBodyBytes, proxyInstances, safeguards,
        tokensFile, redisShards, bounds);
  }

  public GatewayConfig withExperimentsDir(Path dir) {
    return new GatewayConfig(bindHost, port, adminBindHost, adminPort, dir, redisUrl, redisPrefix, dataDir,
        defaultUpstream, adminToken, devNoAuth, retention, streamMaxLen, maxBufferedBodyBytes, proxyInstances, safeguards, tokensFile, redisShards, timeSeries);
  }
}
