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
    // forEach walks the entries without an iterator's wrapper per header; most names arrive lower case already.
    from.forEach((name, value) -> {
      String lower = lowerCase(name);
      if (FIXED.contains(lower) || named.contains(lower) || extraSkip.contains(lower)) return;
      to.add(name, value);
    });
  }

  /** {@code name} in lower case, the same instance when it already is (no copy). */
  static String lowerCase(String name) {
    for (int i = 0, n = name.length(); i < n; i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') return name.toLowerCase(Locale.ROOT);
    }
    return name;
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
