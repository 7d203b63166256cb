package dev.abgw.gateway.store;

import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code --redis} names: one Redis, or a Redis Cluster given by its seed nodes.
 *
 * <ul>
 *   <li>{@code redis://HOST:PORT} (or {@code rediss://}, with {@code user:password@} and {@code /DB} as usual): one Redis;</li>
 *   <li>{@code redis+cluster://HOST:PORT,HOST:PORT,...} (or {@code rediss+cluster://}): a cluster; the
 *       credentials, if any, go on the first host and apply to every seed;</li>
 *   <li>several URLs separated by commas ({@code redis://a:7000,redis://b:7000}): a cluster, each URL a seed.</li>
 * </ul>
 * A cluster is reached through vertx-redis-client's cluster mode, which reads the slot map from a seed and
 * sends each command to the master of its key's slot.
 *
 * @param seeds connection strings, one per seed node (one for a standalone Redis)
 * @param cluster true for a Redis Cluster
 */
public record RedisTarget(List<String> seeds, boolean cluster) {
  public RedisTarget {
    seeds = List.copyOf(seeds);
    if (seeds.isEmpty()) throw new IllegalArgumentException("--redis must name at least one Redis URL");
  }

  /** Parses a {@code --redis} value; a malformed one fails naming the flag, the rule and the value. */
  public static RedisTarget parse(String value) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException("--redis must not be empty");
    String v = value.strip();
    for (String scheme : List.of("redis+cluster://", "rediss+cluster://")) {
      if (v.startsWith(scheme)) {
        String plain = scheme.startsWith("rediss") ? "rediss://" : "redis://";
        String rest = v.substring(scheme.length());
        String userInfo = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
          userInfo = rest.substring(0, at + 1);
          rest = rest.substring(at + 1);
        }
        List<String> seeds = new ArrayList<>();
        for (String host : rest.split(",")) {
          String h = host.strip();
          if (h.endsWith("/")) h = h.substring(0, h.length() - 1);
          if (h.isEmpty()) throw new IllegalArgumentException("--redis " + scheme + " needs HOST:PORT seeds separated by"
              + " commas, e.g. " + scheme + "10.0.0.1:7000,10.0.0.2:7000 (was " + StartupRedaction.redact(value) + ")");
          seeds.add(plain + userInfo + h);
        }
        return new RedisTarget(seeds, true);
      }
    }
    if (v.contains(",")) {
      List<String> seeds = new ArrayList<>();
      for (String url : v.split(",")) {
        String u = url.strip();
        if (!(u.startsWith("redis://") || u.startsWith("rediss://"))) {
          throw new IllegalArgumentException("--redis with several seeds needs a redis:// or rediss:// URL for each,"
              + " separated by commas (was " + StartupRedaction.redact(value) + ")");
        }
        seeds.add(u);
      }
      return new RedisTarget(seeds, true);
    }
    return new RedisTarget(List.of(v), false);
  }

  /** Client options for this target: the type and every seed. */
  public RedisOptions options() {
    RedisOptions o = new RedisOptions().setType(cluster ? RedisClientType.CLUSTER : RedisClientType.STANDALONE);
    for (String s : seeds) o.addConnectionString(s);
    return o;
  }

  /** Hides passwords, for messages. */
  static final class StartupRedaction {
    private StartupRedaction() {}

    static String redact(String value) {
      return value.replaceAll("//([^/@,]*)@", "//***@");
    }
  }
}
