package dev.abgw.gateway.proxy;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;

/**
 * Hop-by-hop header handling per RFC 9110 section 7.6.1: the fixed connection-specific fields plus every
 * field named in {@code Connection} are not forwarded; everything else is.
 */
public final class HopByHop {
  private static final Set<String> FIXED = Set.of("connection", "keep-alive", "proxy-connection", "te",
      "trailer", "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization");

  private HopByHop() {}

  /** Copies end-to-end headers from {@code from} into {@code to}, skipping hop-by-hop and {@code extraSkip}. */
  public static void copyEndToEnd(MultiMap from, MultiMap to, Set<String> extraSkip) {
    String connection = from.get("connection");
    Set<String> named = connection == null ? Set.of() : parseConnection(connection);
    for (var e : from) {
      String lower = e.getKey().toLowerCase(Locale.ROOT);
      if (FIXED.contains(lower) || named.contains(lower) || extraSkip.contains(lower)) continue;
      to.add(e.getKey(), e.getValue());
    }
  }

  static Set<String> parseConnection(String value) {
    java.util.HashSet<String> out = new java.util.HashSet<>();
    for (String token : value.split(",")) {
      String t = token.trim().toLowerCase(Locale.ROOT);
      if (!t.isEmpty()) out.add(t);
    }
    return out;
  }
}
