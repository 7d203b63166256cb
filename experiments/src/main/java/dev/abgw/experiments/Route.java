package dev.abgw.experiments;

import java.util.Objects;

/**
 * Which requests an experiment takes: those whose path starts with {@code pathPrefix} on a segment
 * boundary and, when {@code host} is set, whose Host matches it (case-insensitive, port ignored).
 *
 * @param pathPrefix path prefix starting with {@code "/"}; {@code "/v1/chat"} matches {@code "/v1/chat"} and
 *     {@code "/v1/chat/x"} but not {@code "/v1/chatter"}
 * @param host host name the request must be addressed to, or {@code null} for any host
 */
public record Route(String pathPrefix, String host) {

  public Route {
    Objects.requireNonNull(pathPrefix, "pathPrefix");
    if (!pathPrefix.startsWith("/")) {
      throw new IllegalArgumentException("pathPrefix must start with \"/\" (was \"" + pathPrefix + "\")");
    }
    if (host != null && host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank (was \"" + host + "\")");
    }
  }

  /** A route on any host. */
  public static Route of(String pathPrefix) {
    return new Route(pathPrefix, null);
  }

  /**
   * Whether a request for {@code host} (the Host header, possibly with a port, may be {@code null}) and
   * {@code path} (without query string; anything from {@code '?'} on is ignored) belongs to this route.
   * Allocation-free.
   */
  public boolean matches(String host, String path) {
    return pathMatches(path) && hostMatches(host);
  }

  private boolean pathMatches(String path) {
    if (path == null) {
      return false;
    }
    int end = path.indexOf('?');
    if (end < 0) {
      end = path.length();
    }
    int n = pathPrefix.length();
    if (end < n || !path.startsWith(pathPrefix)) {
      return false;
    }
    // A prefix ending in "/" already sits on a boundary; otherwise the next char must start a new segment.
    return end == n || pathPrefix.charAt(n - 1) == '/' || path.charAt(n) == '/';
  }

  private boolean hostMatches(String requestHost) {
    if (host == null) {
      return true;
    }
    if (requestHost == null) {
      return false;
    }
    int want = hostNameLength(host);
    int got = hostNameLength(requestHost);
    return want == got && host.regionMatches(true, 0, requestHost, 0, want);
  }

  /** Length of the host name without a trailing {@code :port}; IPv6 literals keep their brackets. */
  static int hostNameLength(String h) {
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      return close < 0 ? h.length() : close + 1;
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h.length() : colon;
  }
}
